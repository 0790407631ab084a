"""Demo surveys of PJN1-JBR for ``seed_demo``: the SKM of semester I 2026 closed with a
few hundred answers (its two weakest elements followed up: one done with its evidence
PDF, one in progress), the SKM of semester II open and being answered, and the IPAK/IPKP
pair of 2026 closed (the IPKP on a 6-point instrument, converted to the LKE's 0–4 by its
written rule).

Answers come through the public form's service (``response_record``) with the clock set
to the week they were given; a fixed random generator makes every run identical."""

import datetime
import random

from django.core.files.base import ContentFile
from django.utils import timezone

from apps.accounts.models import RoleAssignment
from apps.accounts.roles import Role
from apps.core.choices import Area
from apps.surveys import selectors, services
from apps.surveys.models import (
    AgeBand,
    Education,
    Kind,
    Link,
    LinkKind,
    Occupation,
    Period,
    Response,
    Sex,
    SuggestionState,
    Survey,
)
from apps.surveys.scoring import ScaleRule
from apps.units.models import Unit

from .clock import moved_to
from .evidence import text_pdf

SERVICES = [
    "Izin pemanfaatan ruang milik jalan",
    "Dispensasi angkutan beban lebih",
    "Pengaduan kerusakan jalan (SP4N-LAPOR)",
    "Konsultasi teknis perlintasan jalan",
    "Permohonan data dan informasi publik",
]
# Per element, the chance of each answer 1–4 (U3 waiting time and U9 facilities weaker).
SKM_PROFILE = {
    "U1": (1, 4, 45, 50),
    "U2": (1, 6, 48, 45),
    "U3": (3, 22, 50, 25),
    "U4": (0, 1, 14, 85),
    "U5": (1, 5, 50, 44),
    "U6": (1, 4, 46, 49),
    "U7": (0, 3, 40, 57),
    "U8": (2, 10, 50, 38),
    "U9": (3, 18, 52, 27),
}
SUGGESTIONS = [
    "Ruang tunggu perlu ditambah kursi dan kipas angin.",
    "Mohon informasi status permohonan bisa dicek lewat WhatsApp.",
    "Petugas ramah, prosesnya cepat. Terima kasih.",
    "Antrean di loket 2 lama saat jam istirahat.",
    "Persyaratan di website belum sama dengan di loket.",
]


def _manager(unit):
    assignment = (
        RoleAssignment.objects.filter(unit=unit, role=Role.KETUA_POKJA, area=Area.PP)
        .select_related("user")
        .first()
    )
    return assignment.user if assignment else None


def _at(day: datetime.date, hour: int = 10):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _answers(rng, survey, profile=None):
    answers = {}
    for item in survey.items.all():
        weights = (profile or {}).get(item.code)
        if weights is None:  # a perception item: mostly the upper half of the scale
            k = survey.scale
            weights = [1] * (k // 2 - 1) + [2] + [9] * (k - k // 2 - 1) + [12]
            weights = weights[:k] + [0] * (k - len(weights))
        value = rng.choices(range(1, survey.scale + 1), weights=weights)[0]
        answers[item.code] = None if rng.random() < 0.02 else value
    return answers


def _respond(rng, survey, links, count, start, end, profile=None):
    services_ = list(survey.services.all())
    days = (end - start).days + 1
    for i in range(count):
        day = start + datetime.timedelta(days=i * days // count)
        link = links[i % len(links)]
        with moved_to(_at(day, 8 + i % 8)):
            services.response_record(
                link=link,
                answers=_answers(rng, survey, profile),
                service=None if link.service_id else rng.choice(services_),
                sex=rng.choice(Sex.values),
                age_band=rng.choice(AgeBand.values),
                education=rng.choice(Education.values),
                occupation=rng.choice(Occupation.values),
                suggestion=rng.choice(SUGGESTIONS) if rng.random() < 0.08 else "",
            )


def _survey(actor, unit, kind, year, period, opened_on, **kwargs):
    with moved_to(_at(opened_on, 8)):
        survey = services.survey_create(
            actor=actor,
            unit=unit,
            kind=kind,
            year=year,
            period=period,
            services=SERVICES,
            **kwargs,
        )
        first = survey.services.first()
        for desk in ("Loket 1", "Loket 2"):
            services.link_create(actor=actor, survey=survey, service=first, desk=desk)
        for service in survey.services.all()[1:]:
            services.link_create(actor=actor, survey=survey, service=service)
        survey = services.survey_open(actor=actor, survey=survey)
    links = list(Link.objects.filter(survey=survey, kind=LinkKind.QR).order_by("pk"))
    return survey, links


def _close(actor, survey, on):
    with moved_to(_at(on, 16)):
        return services.survey_close(actor=actor, survey=Survey.objects.get(pk=survey.pk))


# What the unit does about its weak elements (SKM_PROFILE makes U3 and U9 the weakest):
# (action, owner, due date); the weakest one's is done (result below), the other's in
# progress.
FOLLOW_UPS = {
    "U3": (
        "Menambah loket layanan pada jam sibuk (09.00–12.00) dan memasang nomor antrean "
        "elektronik agar waktu tunggu terpantau.",
        "Kepala Subbagian Umum",
        (9, 30),
    ),
    "U9": (
        "Menata ulang ruang tunggu: menambah kursi, kipas angin dan pojok informasi "
        "persyaratan layanan.",
        "Pranata Komputer Ahli Muda",
        (12, 20),
    ),
}
FOLLOW_UP_RESULT = {
    "U3": "Loket 3 dibuka pada jam sibuk sejak Agustus dan mesin antrean terpasang. Rata-rata "
    "waktu tunggu turun dari 42 menjadi 18 menit (rekap antrean Agustus–September).",
    "U9": "Ruang tunggu ditata ulang: 24 kursi dan 4 kipas angin ditambah, pojok informasi "
    "persyaratan dipasang di depan loket.",
}


def _follow_up(actor, skm, year) -> None:
    """The follow-up of the closed SKM's two weakest elements: the first done with its
    evidence (a small PDF report), the second in progress."""
    result = selectors.survey_result(skm)
    ranked = sorted((r for r in result.items if r.nrr is not None), key=lambda r: r.nrr)
    weakest = [r for r in ranked if r.item.code in FOLLOW_UPS][:2]
    for number, row in enumerate(weakest):
        action, owner, (month, day) = FOLLOW_UPS[row.item.code]
        with moved_to(_at(datetime.date(year, 7, 8))):
            follow_up = services.follow_up_create(
                actor=actor,
                survey=skm,
                item=row.item,
                action=action,
                owner=owner,
                due_on=datetime.date(year, month, day),
            )
        with moved_to(_at(datetime.date(year, 7, 15))):
            follow_up = services.follow_up_progress(actor=actor, follow_up=follow_up)
        if number:
            continue
        done = FOLLOW_UP_RESULT[row.item.code]
        pdf = text_pdf(
            f"Laporan Tindak Lanjut SKM Semester I {year}",
            [
                skm.unit.name,
                f"Unsur {row.item.code} {row.item.element}",
                *_wrap(done.replace("–", "-")),
            ],
        )
        with moved_to(_at(datetime.date(year, 9, 26), 14)):
            services.follow_up_done(
                actor=actor,
                follow_up=follow_up,
                result=done,
                uploaded=ContentFile(
                    pdf, name=f"tindak-lanjut-skm-s1-{year}-{row.item.code.lower()}.pdf"
                ),
            )


def _publish(actor, skm, year) -> None:
    """Semester I's results, published in July: the suggestions reviewed (one naming a
    person's number hidden), the report PDF made as the worker would."""
    pending = Response.objects.filter(survey=skm, suggestion_state=SuggestionState.PENDING)
    hidden = list(pending.filter(suggestion__contains="WhatsApp").values_list("pk", flat=True))
    with moved_to(_at(datetime.date(year, 7, 9))):
        if hidden:
            services.suggestions_review(
                actor=actor, survey=skm, response_ids=hidden, state=SuggestionState.HIDDEN
            )
        shown = list(pending.values_list("pk", flat=True))
        if shown:
            services.suggestions_review(
                actor=actor, survey=skm, response_ids=shown, state=SuggestionState.APPROVED
            )
        skm = services.survey_publish(actor=actor, survey=Survey.objects.get(pk=skm.pk))
        services.survey_report_make(survey_id=skm.pk, actor=actor)


def _invite(actor, skm, rng, last) -> None:
    """Single-use links for the service users the identification recorded, e-mailed; a
    few of them already answered."""
    links = services.invitations_create(actor=actor, survey=skm)
    if not links:
        return
    services.invitations_send(actor=actor, survey=skm)
    for link in links[:3]:
        with moved_to(_at(last, 11)):
            services.response_record(link=link, answers=_answers(rng, skm, SKM_PROFILE))


def _wrap(text: str, width: int = 80) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + len(word) < width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def seed_surveys(*, tenant, unit_code: str, year: int, stdout=None) -> None:
    unit = Unit.objects.filter(code=unit_code).first()
    if unit is None or Survey.objects.filter(unit=unit).exists():
        return
    actor = _manager(unit)
    if actor is None:
        return
    rng = random.Random(f"{unit_code}-{year}")
    # SKM semester I: closed with 340 answers (population 2 400 → minimum 331).
    skm1, links = _survey(
        actor,
        unit,
        Kind.SKM,
        year,
        Period.S1,
        datetime.date(year, 1, 5),
        population=2400,
        intro="Bantu kami memperbaiki layanan: isi survei singkat ini (± 3 menit), tanpa nama.",
    )
    _respond(
        rng, skm1, links, 340, datetime.date(year, 1, 6), datetime.date(year, 6, 26), SKM_PROFILE
    )
    skm1 = _close(actor, skm1, datetime.date(year, 6, 30))
    services.survey_update(
        actor=actor,
        survey=skm1,
        analysis=(
            "Nilai IKM semester I berada pada mutu Baik. Unsur terendah adalah waktu "
            "penyelesaian (U3) dan sarana prasarana (U9): antrean loket pada jam sibuk dan "
            "ruang tunggu yang sempit. Unsur biaya (U4) tertinggi karena layanan tanpa biaya."
        ),
    )
    _follow_up(actor, skm1, year)
    _publish(actor, skm1, year)
    # IPAK and IPKP of the year: closed in November.
    ipak, links = _survey(actor, unit, Kind.IPAK, year, Period.YEAR, datetime.date(year, 9, 1))
    _respond(rng, ipak, links, 64, datetime.date(year, 9, 2), datetime.date(year, 11, 20))
    _close(actor, ipak, datetime.date(year, 11, 25))
    ipkp, links = _survey(
        actor,
        unit,
        Kind.IPKP,
        year,
        Period.YEAR,
        datetime.date(year, 9, 1),
        scale=6,
        scale_rule=ScaleRule.LINEAR,
    )
    _respond(rng, ipkp, links, 58, datetime.date(year, 9, 2), datetime.date(year, 11, 20))
    _close(actor, ipkp, datetime.date(year, 11, 25))
    # SKM semester II: open, being answered.
    today = timezone.localdate()
    skm2, links = _survey(
        actor, unit, Kind.SKM, year, Period.S2, datetime.date(year, 7, 3), population=2400
    )
    last = min(today, datetime.date(year, 12, 31))
    _respond(rng, skm2, links, 45, datetime.date(year, 7, 4), last, SKM_PROFILE)
    _invite(actor, skm2, rng, last)
    if stdout is not None:
        stdout.write(f"Survei {unit_code} {year}: SKM semester I dan II, IPAK, IPKP")
