"""Follow-up of a survey's weak elements (PPF4C, PPF1C): the services (who, what, the
way to done with a result and an evidence file), the weak-element ranking, the summary
for the LKE, and the page (access matrix, bad input, evidence download, query budget)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from apps.audit.models import AuditEvent
from apps.core.exceptions import AccessDenied
from apps.files.models import StoredFile
from apps.surveys import selectors, services
from apps.surveys.models import FollowUpAction, FollowUpStatus, Link
from tests.factories import pdf

pytestmark = pytest.mark.django_db

# Per respondent, U1…U9: U3 and U9 are weak (U3 graded D, U9 C), the rest good.
ROWS = [
    (4, 4, 2, 4, 4, 4, 4, 3, 3),
    (4, 3, 2, 4, 4, 4, 4, 4, 3),
    (3, 4, 3, 4, 3, 4, 4, 4, 2),
    (4, 4, 2, 4, 4, 3, 4, 3, 3),
]
DUE = datetime.date(2027, 9, 30)


def _answers(row):
    return {f"U{i}": v for i, v in enumerate(row, start=1)}


@pytest.fixture
def closed_skm(open_skm, pokja_pp):
    link = Link.objects.get(survey=open_skm)
    for row in ROWS:
        services.response_record(link=link, answers=_answers(row))
    return services.survey_close(actor=pokja_pp, survey=open_skm)


def item(survey, code):
    return survey.items.get(code=code)


@pytest.fixture
def action(closed_skm, pokja_pp):
    return services.follow_up_create(
        actor=pokja_pp,
        survey=closed_skm,
        item=item(closed_skm, "U3"),
        action="Menambah loket pada jam sibuk.",
        owner="Kepala Subbagian Umum",
        due_on=DUE,
    )


# --- the weak elements ---------------------------------------------------------------------


def test_elements_are_ranked_weakest_first_with_the_reasons(closed_skm):
    standings = selectors.element_standings(selectors.survey_result(closed_skm))
    assert [s.item.code for s in standings[:2]] == ["U3", "U9"]
    u3, u9 = standings[0], standings[1]
    assert u3.is_weak and u9.is_weak
    assert u3.grade == "D" and u9.grade == "C"
    assert any("di bawah IKM" in r for r in u3.reasons)
    assert any("di bawah B" in r for r in u9.reasons)
    u4 = next(s for s in standings if s.item.code == "U4")
    assert not u4.is_weak and u4.grade == "A"


# --- services ------------------------------------------------------------------------------


def test_an_action_is_planned_then_in_progress_then_done_with_evidence(action, pokja_pp):
    assert action.status == FollowUpStatus.PLANNED
    action = services.follow_up_progress(actor=pokja_pp, follow_up=action)
    assert action.status == FollowUpStatus.IN_PROGRESS
    done = services.follow_up_done(
        actor=pokja_pp,
        follow_up=action,
        result="Loket 3 dibuka; waktu tunggu turun ke 18 menit.",
        uploaded=pdf("laporan-tl.pdf"),
    )
    done.refresh_from_db()
    assert done.status == FollowUpStatus.DONE and done.done_at is not None
    assert done.evidence.original_name == "laporan-tl.pdf"
    assert done.evidence.unit_id == done.survey.unit_id
    events = list(
        AuditEvent.objects.filter(object_id=str(done.pk), action="survey.follow_up").order_by("pk")
    )
    assert len(events) == 3  # planned, in progress, done
    assert events[-1].after["status"] == "done" and events[-1].after["evidence"] == done.evidence_id


def test_a_planned_action_may_be_done_at_once(action, pokja_pp):
    done = services.follow_up_done(
        actor=pokja_pp, follow_up=action, result="Selesai.", uploaded=pdf()
    )
    assert done.status == FollowUpStatus.DONE


def test_done_without_evidence_or_result_is_refused_and_nothing_changes(action, pokja_pp):
    with pytest.raises(ValidationError) as exc:
        services.follow_up_done(actor=pokja_pp, follow_up=action, result="", uploaded=None)
    assert set(exc.value.message_dict) == {"result", "evidence"}
    with pytest.raises(ValidationError, match="bukti"):
        services.follow_up_done(actor=pokja_pp, follow_up=action, result="Sudah.", uploaded=None)
    action.refresh_from_db()
    assert action.status == FollowUpStatus.PLANNED and action.evidence is None
    assert not StoredFile.objects.exists()


def test_a_refused_file_leaves_the_action_as_it_was(action, pokja_pp):
    from django.core.files.uploadedfile import SimpleUploadedFile

    exe = SimpleUploadedFile("bukti.pdf", b"MZ\x90\x00" + b"\x00" * 100)
    with pytest.raises(ValidationError):
        services.follow_up_done(actor=pokja_pp, follow_up=action, result="Sudah.", uploaded=exe)
    action.refresh_from_db()
    assert action.status == FollowUpStatus.PLANNED


def test_done_is_final(action, pokja_pp):
    services.follow_up_done(actor=pokja_pp, follow_up=action, result="Sudah.", uploaded=pdf())
    action.refresh_from_db()
    with pytest.raises(ValidationError, match="sudah selesai"):
        services.follow_up_done(
            actor=pokja_pp, follow_up=action, result="Lagi.", uploaded=pdf(salt=b"2")
        )
    with pytest.raises(ValidationError, match="tidak dapat diubah"):
        services.follow_up_update(
            actor=pokja_pp, follow_up=action, action="Lain", owner="X", due_on=DUE
        )
    with pytest.raises(ValidationError):
        services.follow_up_progress(actor=pokja_pp, follow_up=action)


def test_an_item_of_another_survey_is_refused(closed_skm, pokja_pp, tree):
    other = services.survey_create(
        actor=pokja_pp, unit=tree["upt"], kind="skm", year=2027, period="s2"
    )
    with pytest.raises(ValidationError) as exc:
        services.follow_up_create(
            actor=pokja_pp,
            survey=closed_skm,
            item=item(other, "U3"),
            action="X",
            owner="Y",
            due_on=DUE,
        )
    assert "bukan bagian dari survei ini" in exc.value.message_dict["item"][0]
    assert not FollowUpAction.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"action": "  "}, "action"),
        ({"owner": ""}, "owner"),
        ({"owner": "x" * 201}, "owner"),
        ({"action": "x" * 2001}, "action"),
        ({"due_on": None}, "due_on"),
        ({"due_on": datetime.date(2026, 12, 31)}, "due_on"),  # before the period
        ({"due_on": datetime.date(2035, 1, 1)}, "due_on"),
    ],
)
def test_bad_fields_are_refused_per_field(closed_skm, pokja_pp, fields, field):
    data = {"action": "Menambah loket.", "owner": "Kasubbag Umum", "due_on": DUE, **fields}
    with pytest.raises(ValidationError) as exc:
        services.follow_up_create(actor=pokja_pp, survey=closed_skm, **data)
    assert field in exc.value.message_dict
    assert not FollowUpAction.objects.exists()


def test_a_survey_not_yet_opened_has_nothing_to_follow_up(skm, pokja_pp):
    with pytest.raises(ValidationError, match="belum dibuka"):
        services.follow_up_create(actor=pokja_pp, survey=skm, action="X", owner="Y", due_on=DUE)


@pytest.mark.parametrize("who", ["member", "sibling_sekretaris", "other_admin", "verifier"])
def test_only_the_survey_managers_of_the_unit_write(request, closed_skm, action, who):
    outsider = request.getfixturevalue(who)
    with pytest.raises(AccessDenied):
        services.follow_up_create(
            actor=outsider, survey=closed_skm, action="X", owner="Y", due_on=DUE
        )
    with pytest.raises(AccessDenied):
        services.follow_up_update(
            actor=outsider, follow_up=action, action="X", owner="Y", due_on=DUE
        )
    with pytest.raises(AccessDenied):
        services.follow_up_progress(actor=outsider, follow_up=action)
    with pytest.raises(AccessDenied):
        services.follow_up_done(actor=outsider, follow_up=action, result="X", uploaded=pdf())
    assert FollowUpAction.objects.count() == 1
    assert not StoredFile.objects.exists()  # refused before the file was stored
    action.refresh_from_db()
    assert action.status == FollowUpStatus.PLANNED and action.action.startswith("Menambah")


def test_an_update_changes_what_who_and_when(action, pokja_pp, closed_skm):
    updated = services.follow_up_update(
        actor=pokja_pp,
        follow_up=action,
        item=item(closed_skm, "U9"),
        action="Menata ruang tunggu.",
        owner="  Kepala   Seksi ",
        due_on=datetime.date(2027, 12, 1),
    )
    updated.refresh_from_db()
    assert updated.item.code == "U9" and updated.owner == "Kepala Seksi"
    assert updated.due_on == datetime.date(2027, 12, 1)


# --- the summary for the LKE (PPF4C) --------------------------------------------------------


def test_the_summary_counts_the_years_closed_skm_and_their_actions(
    closed_skm, action, pokja_pp, tree, django_assert_max_num_queries
):
    services.follow_up_create(
        actor=pokja_pp,
        survey=closed_skm,
        action="Sosialisasi persyaratan.",
        owner="Y",
        due_on=datetime.date(2027, 3, 1),
    )
    services.follow_up_done(actor=pokja_pp, follow_up=action, result="Sudah.", uploaded=pdf())
    with django_assert_max_num_queries(2):
        summary = selectors.follow_up_summary(tree["upt"], 2027, as_of=datetime.date(2027, 6, 1))
    assert summary.surveys == ((closed_skm.pk, closed_skm.title, 2),)
    assert summary.closed_skm == 1 and summary.followed_up_skm == 1
    assert summary.actions == 2 and summary.done == 1 and summary.done_with_evidence == 1
    assert summary.planned == 1 and summary.overdue == 1  # due 1 March 2027, not done
    assert summary.all_skm_followed_up
    # As the records stood before the action was done.
    earlier = selectors.follow_up_summary(
        tree["upt"], 2027, as_of=datetime.date.today() - datetime.timedelta(days=1)
    )
    assert earlier.done == 0 and earlier.done_with_evidence == 0
    empty = selectors.follow_up_summary(tree["upt2"], 2027)
    assert empty.closed_skm == 0 and not empty.has_actions and not empty.all_skm_followed_up


# --- the page --------------------------------------------------------------------------


def page(survey):
    return reverse("surveys:follow_ups", args=[survey.pk])


def step(name, follow_up):
    return reverse(f"surveys:{name}", args=[follow_up.survey_id, follow_up.pk])


def text(response) -> str:
    return " ".join(response.content.decode().split())


@pytest.fixture
def done(action, pokja_pp):
    return services.follow_up_done(
        actor=pokja_pp, follow_up=action, result="Loket 3 dibuka.", uploaded=pdf("bukti-tl.pdf")
    )


def test_anonymous_visitors_are_sent_to_login(client, action):
    for target in (
        page(action.survey),
        step("follow_up_edit", action),
        step("follow_up_done", action),
        step("follow_up_evidence", action),
    ):
        response = client.get(target)
        assert response.status_code == 302 and "/akun/masuk/" in response["Location"]
    response = client.post(page(action.survey), {"action": "X"})
    assert response.status_code == 302 and "/akun/masuk/" in response["Location"]


@pytest.mark.parametrize("who", ["sibling_sekretaris", "sibling_member", "no_role", "other_admin"])
def test_other_units_and_agencies_get_404(client_for, request, done, who):
    client = client_for(request.getfixturevalue(who))
    for target in (page(done.survey), step("follow_up_evidence", done)):
        assert client.get(target).status_code == 404, target
    response = client.post(page(done.survey), {"action": "X", "owner": "Y", "due_on": "2027-09-30"})
    assert response.status_code == 404
    assert FollowUpAction.objects.count() == 1


@pytest.mark.parametrize("who", ["member", "verifier", "admin", "unit_leader"])
def test_viewers_read_the_page_and_the_evidence_without_the_forms(client_for, request, done, who):
    client = client_for(request.getfixturevalue(who))
    response = client.get(page(done.survey))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="elements"' in body and 'data-testid="evidence-link"' in body
    assert 'data-testid="add-form"' not in body and 'data-testid="plan-U3"' not in body
    evidence = client.get(step("follow_up_evidence", done))
    assert evidence.status_code == 200
    assert b"".join(evidence.streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize("who", ["member", "verifier", "admin"])
def test_viewers_cannot_write(client_for, request, action, who):
    client = client_for(request.getfixturevalue(who))
    posts = [
        (page(action.survey), {"action": "X", "owner": "Y", "due_on": "2027-09-30"}),
        (step("follow_up_edit", action), {"action": "X", "owner": "Y", "due_on": "2027-09-30"}),
        (step("follow_up_progress", action), {}),
        (step("follow_up_done", action), {"result": "X", "evidence": pdf()}),
    ]
    for target, data in posts:
        assert client.post(target, data).status_code == 403, target
    assert client.get(step("follow_up_edit", action)).status_code == 403
    assert client.get(step("follow_up_done", action)).status_code == 403
    action.refresh_from_db()
    assert action.status == FollowUpStatus.PLANNED and action.action.startswith("Menambah")
    assert FollowUpAction.objects.count() == 1 and not StoredFile.objects.exists()


def test_the_manager_sees_the_weak_elements_and_a_prefilled_form(client_for, closed_skm, pokja_pp):
    client = client_for(pokja_pp)
    u9 = item(closed_skm, "U9")
    response = client.get(page(closed_skm) + f"?unsur={u9.pk}")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="element-U3" class="table-warning" data-weak="1"' in body
    assert 'data-testid="element-U4">' in body  # not weak
    assert body.index('data-testid="element-U3"') < body.index('data-testid="element-U9"')
    assert f'<option value="{u9.pk}" selected>' in body
    assert "kurang dari 76,61" in text(response)


def test_the_manager_adds_an_action_through_the_page(client_for, closed_skm, pokja_pp):
    u3 = item(closed_skm, "U3")
    response = client_for(pokja_pp).post(
        page(closed_skm),
        {"item": u3.pk, "action": "Menambah loket.", "owner": "Kasubbag", "due_on": "2027-09-30"},
    )
    assert response.status_code == 302
    follow_up = FollowUpAction.objects.get()
    assert follow_up.item == u3 and follow_up.created_by == pokja_pp
    assert response["Location"].endswith(f"#tl-{follow_up.pk}")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"action": "", "owner": "X", "due_on": "2027-09-30"}, "Tuliskan rencana"),
        ({"action": "X", "owner": "", "due_on": "2027-09-30"}, "Sebutkan penanggung jawab"),
        ({"action": "X", "owner": "X", "due_on": "31-31-2027"}, "tanggal yang benar"),
        ({"action": "X", "owner": "X", "due_on": "2026-01-01"}, "sebelum awal periode"),
        ({"action": "X" * 2001, "owner": "X", "due_on": "2027-09-30"}, "2000"),
        (
            {"action": "X", "owner": "X", "due_on": "2027-09-30", "item": "999999"},
            "bukan bagian dari survei ini",
        ),
    ],
)
def test_bad_input_answers_400_with_a_message_and_saves_nothing(
    client_for, closed_skm, pokja_pp, data, message
):
    response = client_for(pokja_pp).post(page(closed_skm), data)
    assert response.status_code == 400
    assert message.lower() in text(response).lower()
    assert not FollowUpAction.objects.exists()


def test_an_item_of_another_survey_through_the_page_is_refused(client_for, closed_skm, pokja_pp):
    other = services.survey_create(
        actor=pokja_pp, unit=closed_skm.unit, kind="skm", year=2027, period="s2"
    )
    response = client_for(pokja_pp).post(
        page(closed_skm),
        {"item": item(other, "U3").pk, "action": "X", "owner": "Y", "due_on": "2027-09-30"},
    )
    assert response.status_code == 400
    assert "bukan bagian dari survei ini" in text(response)
    assert not FollowUpAction.objects.exists()


def test_edit_progress_and_done_through_the_pages(client_for, action, pokja_pp):
    client = client_for(pokja_pp)
    assert client.get(step("follow_up_edit", action)).status_code == 200
    response = client.post(
        step("follow_up_edit", action),
        {
            "item": action.item_id,
            "action": "Menambah 2 loket.",
            "owner": "Y",
            "due_on": "2027-10-31",
        },
    )
    assert response.status_code == 302
    assert client.post(step("follow_up_progress", action)).status_code == 302
    action.refresh_from_db()
    assert action.action == "Menambah 2 loket." and action.status == FollowUpStatus.IN_PROGRESS
    assert client.get(step("follow_up_done", action)).status_code == 200
    response = client.post(
        step("follow_up_done", action), {"result": "Dua loket dibuka.", "evidence": pdf("tl.pdf")}
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == FollowUpStatus.DONE and action.evidence.original_name == "tl.pdf"
    # Done is final: no edit or done page for it any more.
    assert client.get(step("follow_up_edit", action)).status_code == 404
    assert client.get(step("follow_up_done", action)).status_code == 404


def test_done_without_a_file_or_with_a_bad_one_answers_400(client_for, action, pokja_pp):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(pokja_pp)
    response = client.post(step("follow_up_done", action), {"result": "Sudah."})
    assert response.status_code == 400
    assert 'data-testid="evidence-error"' in response.content.decode()
    assert "Unggah berkas bukti" in text(response)
    exe = SimpleUploadedFile("bukti.pdf", b"MZ\x90\x00" + b"\x00" * 100)
    response = client.post(step("follow_up_done", action), {"result": "Sudah.", "evidence": exe})
    assert response.status_code == 400
    assert 'data-testid="evidence-error"' in response.content.decode()
    response = client.post(step("follow_up_done", action), {"result": "", "evidence": pdf()})
    assert response.status_code == 400
    action.refresh_from_db()
    assert action.status == FollowUpStatus.PLANNED and action.evidence is None


def test_a_follow_up_of_another_survey_is_404(client_for, action, pokja_pp, tree):
    other = services.survey_create(
        actor=pokja_pp, unit=tree["upt"], kind="skm", year=2027, period="s2"
    )
    client = client_for(pokja_pp)
    for name in ("follow_up_edit", "follow_up_done", "follow_up_evidence"):
        target = reverse(f"surveys:{name}", args=[other.pk, action.pk])
        assert client.get(target).status_code == 404
    target = reverse("surveys:follow_up_progress", args=[other.pk, action.pk])
    assert client.post(target).status_code == 404


def test_a_draft_survey_shows_no_form(client_for, skm, pokja_pp):
    response = client_for(pokja_pp).get(page(skm))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="no-results"' in body and 'data-testid="add-form"' not in body


def test_the_page_keeps_its_query_budget_as_actions_grow(
    client_for, closed_skm, pokja_pp, django_assert_max_num_queries
):
    client = client_for(pokja_pp)

    def add(n):
        for i in range(n):
            a = services.follow_up_create(
                actor=pokja_pp,
                survey=closed_skm,
                item=item(closed_skm, f"U{i % 9 + 1}"),
                action=f"Rencana {i}",
                owner="Y",
                due_on=DUE,
            )
            if i % 2:
                services.follow_up_done(
                    actor=pokja_pp, follow_up=a, result="Ok", uploaded=pdf(salt=str(i).encode())
                )

    def measure():
        client.get(page(closed_skm))
        with django_assert_max_num_queries(20) as ctx:
            assert client.get(page(closed_skm)).status_code == 200
        return len(ctx.captured_queries)

    add(2)
    small = measure()
    add(8)
    assert measure() == small


# --- the home page's "what waits for you" ---------------------------------------------------


def test_open_actions_wait_for_the_survey_managers_until_done(
    action, pokja_pp, member, sibling_sekretaris, tenant, django_assert_max_num_queries
):
    from apps.surveys.todo import follow_up_items

    with django_assert_max_num_queries(3):
        lines = follow_up_items(pokja_pp, tenant)
    assert [(line.kind, line.due_on) for line in lines] == [("surveys.follow_up", DUE)]
    assert lines[0].title == "U3 SKM Semester I 2027: Menambah loket pada jam sibuk."
    assert lines[0].url.endswith(f"#tl-{action.pk}")
    assert follow_up_items(member, tenant) == []  # Pokja MP: not the survey's managers
    assert follow_up_items(sibling_sekretaris, tenant) == []  # another unit
    services.follow_up_done(actor=pokja_pp, follow_up=action, result="Sudah.", uploaded=pdf())
    assert follow_up_items(pokja_pp, tenant) == []
