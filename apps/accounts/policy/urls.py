"""Which capabilities each named URL asks: every named URL of the project has an entry
(``tests/accounts/test_policy_urls.py`` walks the resolver and fails for one without).

An entry lists the capabilities the view or endpoint checks (reads are scoped by
``unit.view`` through the app's ``get_<thing>_for_user`` selectors, a miss is 404), or
one of the ``Open`` markers for pages that no capability of the table governs.
Object rules outside the table (an assessment's lead, a task's assignees, the employee
signing their own pact, the verifier of an item's current level) are noted with the
capability they combine with.
"""

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy

from apps.core.capabilities import Capability as C


class Open(TextChoices):
    PUBLIC = "public", gettext_lazy("siapa saja, tanpa masuk")
    SELF = "self", gettext_lazy("akun milik sendiri (sudah masuk)")
    MEMBER = "member", gettext_lazy("setiap anggota instansi aktif (data instansi bersama)")
    OPERATOR = "operator", gettext_lazy("operator platform (Django admin)")


# Namespaces whose every URL is governed one way.
NAMESPACES = {"admin": (Open.OPERATOR,)}

URL_ACCESS: dict[str, tuple] = {
    # project
    "home": (Open.SELF,),
    "home_progress": (Open.SELF,),
    # leadership dashboard (figures of the units the capability reaches)
    "dashboard:index": (C.DASHBOARD_VIEW,),
    "dashboard:xlsx": (C.DASHBOARD_VIEW,),
    "api-dashboard": (C.DASHBOARD_VIEW,),
    # a PDF of the view, made by the worker: listed and downloaded by its requester only
    "dashboard:pdf_request": (C.DASHBOARD_VIEW,),
    "dashboard:exports": (C.DASHBOARD_VIEW,),
    "dashboard:pdf": (C.DASHBOARD_VIEW,),
    "healthz": (Open.PUBLIC,),
    "set_language": (Open.PUBLIC,),
    "api-schema": (Open.PUBLIC,),
    "api-docs": (Open.PUBLIC,),
    "tenants:switch": (Open.SELF,),
    # login, password, own account, tokens, two-factor
    "login": (Open.PUBLIC,),
    "logout": (Open.SELF,),
    "password_change": (Open.SELF,),
    "password_change_done": (Open.SELF,),
    "password_reset": (Open.PUBLIC,),
    "password_reset_done": (Open.PUBLIC,),
    "password_reset_confirm": (Open.PUBLIC,),
    "password_reset_complete": (Open.PUBLIC,),
    "my_invitations": (Open.SELF,),
    "my_invitation_accept": (Open.SELF,),
    "my_invitation_decline": (Open.SELF,),
    "api_tokens": (Open.SELF,),
    "api_token_revoke": (Open.SELF,),
    "api-token": (Open.PUBLIC,),
    "api-token-list-list": (Open.SELF,),
    "api-token-list-detail": (Open.SELF,),
    "api-me": (Open.SELF,),
    "twofactor:status": (Open.SELF,),
    "twofactor:enrol": (Open.SELF,),
    "twofactor:verify": (Open.SELF,),
    "twofactor:codes": (Open.SELF,),
    "twofactor:codes_download": (Open.SELF,),
    "twofactor:codes_regenerate": (Open.SELF,),
    "twofactor:disable": (Open.SELF,),
    "twofactor:reset": (C.AGENCY_ADMIN,),
    "twofactor:tenant_policy": (C.AGENCY_ADMIN,),
    # people and roles
    "accounts:people": (C.PEOPLE_MANAGE,),
    "accounts:person": (C.PEOPLE_MANAGE,),
    "accounts:person_create": (C.PEOPLE_MANAGE, C.UNIT_ADMIN),
    "accounts:person_edit": (C.PEOPLE_MANAGE, C.AGENCY_ADMIN),
    "accounts:person_activation": (C.PEOPLE_MANAGE, C.AGENCY_ADMIN),
    "accounts:person_unlock": (C.PEOPLE_MANAGE, C.AGENCY_ADMIN),
    "accounts:invitation_cancel": (C.PEOPLE_MANAGE,),
    "accounts:role_revoke": (C.PEOPLE_MANAGE, C.UNIT_ADMIN),
    "api-user-list": (C.PEOPLE_MANAGE, C.UNIT_ADMIN),
    "api-user-detail": (C.PEOPLE_MANAGE, C.AGENCY_ADMIN),
    "api-user-activate": (C.PEOPLE_MANAGE, C.AGENCY_ADMIN),
    "api-user-suspend": (C.PEOPLE_MANAGE, C.AGENCY_ADMIN),
    "api-invitation-list": (C.PEOPLE_MANAGE, C.UNIT_ADMIN),
    "api-invitation-detail": (C.PEOPLE_MANAGE,),
    "api-invitation-cancel": (C.PEOPLE_MANAGE,),
    "api-role-assignment-list": (C.PEOPLE_MANAGE, C.UNIT_ADMIN),
    "api-role-assignment-detail": (C.PEOPLE_MANAGE, C.UNIT_ADMIN),
    # notifications: each person's own notices and e-mail preferences (another
    # person's notice is a 404); the unsubscribe link is signed for one person and kind
    "notifications:list": (Open.SELF,),
    "notifications:open": (Open.SELF, C.UNIT_VIEW),
    "notifications:read": (Open.SELF,),
    "notifications:read_all": (Open.SELF,),
    "notifications:preferences": (Open.SELF,),
    "notifications:unsubscribe": (Open.PUBLIC,),
    "api-notification-list": (Open.SELF,),
    "api-notification-detail": (Open.SELF, C.UNIT_VIEW),
    "api-notification-read": (Open.SELF,),
    "api-notification-read-all": (Open.SELF,),
    "api-notification-unread-count": (Open.SELF,),
    "api-notification-preferences": (Open.SELF,),
    "audit:list": (C.AUDIT_VIEW,),
    # surveys: the public's form behind a link (no login; the link decides everything)
    "surveys_public:form": (Open.PUBLIC,),
    "surveys_public:challenge": (Open.PUBLIC,),
    "surveys_public:thanks": (Open.PUBLIC,),
    "surveys:invitations": (C.SURVEY_MANAGE,),
    # surveys: results (read by the survey's viewers), suggestions and publication (its
    # organisers); a published survey's results page and report PDF are public
    "surveys:results": (C.SURVEY_VIEW,),
    "surveys:results_xlsx": (C.SURVEY_VIEW,),
    "surveys:report_pdf": (C.SURVEY_VIEW,),
    "surveys:suggestions": (C.SURVEY_MANAGE,),
    "surveys:publish": (C.SURVEY_MANAGE,),
    "surveys_public:results": (Open.PUBLIC,),
    "surveys_public:report_pdf": (Open.PUBLIC,),
    # units
    "units:tree": (C.UNIT_VIEW,),
    "units:detail": (C.UNIT_VIEW, C.UNIT_ADMIN),
    "units:create": (C.UNIT_ADMIN,),
    "units:update": (C.UNIT_ADMIN,),
    "units:move": (C.UNIT_ADMIN,),
    "units:pick": (C.UNIT_ADMIN, C.CYCLE_MANAGE),
    "units:export": (C.PEOPLE_MANAGE, C.UNIT_ADMIN),
    "units:import": (C.PEOPLE_MANAGE, C.UNIT_ADMIN),
    "units:import_confirm": (C.PEOPLE_MANAGE, C.UNIT_ADMIN),
    "units:import_template": (C.PEOPLE_MANAGE,),
    "api-unit-list": (C.UNIT_VIEW, C.UNIT_ADMIN),
    "api-unit-detail": (C.UNIT_VIEW, C.UNIT_ADMIN),
    "api-unit-move": (C.UNIT_ADMIN,),
    "api-unit-tree": (C.UNIT_VIEW,),
    "api-unit-type-list": (Open.MEMBER,),
    # cycles and the agency calendar
    "cycles:list": (C.UNIT_VIEW,),
    "cycles:detail": (C.UNIT_VIEW, C.CYCLE_MANAGE),
    "cycles:create": (C.PEOPLE_MANAGE, C.CYCLE_MANAGE),
    "cycles:stage": (C.CYCLE_MANAGE,),
    "cycles:calendar": (Open.MEMBER, C.AGENCY_ADMIN),
    "cycles:calendar_ensure": (C.AGENCY_ADMIN,),
    "cycles:calendar_entry": (C.AGENCY_ADMIN,),
    "api-cycle-list": (C.UNIT_VIEW, C.CYCLE_MANAGE),
    "api-cycle-detail": (C.UNIT_VIEW,),
    "api-cycle-stage": (C.CYCLE_MANAGE,),
    "api-calendar-list": (Open.MEMBER,),
    "api-calendar-detail": (Open.MEMBER, C.AGENCY_ADMIN),
    "api-calendar-ensure": (C.AGENCY_ADMIN,),
    # LKE templates: read by every member, published by platform operators
    "lke:templates": (Open.MEMBER,),
    "lke:template": (Open.MEMBER,),
    "lke:template_status": (Open.OPERATOR,),
    "api-lke-template-list": (Open.MEMBER,),
    "api-lke-template-detail": (Open.MEMBER,),
    "api-lke-template-score": (Open.MEMBER,),
    # declaration: charter, roster, pacts
    "declaration:cycle": (C.UNIT_VIEW, C.DECLARATION_MANAGE),
    "declaration:charter": (C.DECLARATION_MANAGE,),
    "declaration:charter_pdf": (C.UNIT_VIEW,),
    "declaration:scan": (C.UNIT_VIEW, C.DECLARATION_MANAGE),
    "declaration:roster": (C.UNIT_VIEW, C.DECLARATION_MANAGE),
    "declaration:employee": (C.UNIT_VIEW, C.DECLARATION_MANAGE),
    "declaration:employee_add": (C.DECLARATION_MANAGE,),
    "declaration:placement_end": (C.DECLARATION_MANAGE,),
    "declaration:import": (C.DECLARATION_MANAGE,),
    "declaration:import_confirm": (C.DECLARATION_MANAGE,),
    "declaration:import_template": (C.DECLARATION_MANAGE,),
    "declaration:pact": (C.UNIT_VIEW, C.DECLARATION_MANAGE),
    "declaration:pact_scan": (C.UNIT_VIEW, C.DECLARATION_MANAGE),
    # the signed pact's PDF: whoever sees the roster, and the employee themself
    "declaration:pact_pdf": (C.UNIT_VIEW, Open.SELF),
    # the employee themself signs (object rule, no role needed)
    "declaration:my_pact": (Open.SELF,),
    "declaration:pact_sign": (Open.SELF,),
    # identification
    "identification:list": (C.UNIT_VIEW, C.IDENTIFICATION_DECIDE),
    "identification:detail": (C.UNIT_VIEW, C.IDENTIFICATION_FILL, C.IDENTIFICATION_DECIDE),
    "identification:open": (C.IDENTIFICATION_FILL,),
    "identification:info": (C.IDENTIFICATION_FILL,),
    "identification:submit": (C.IDENTIFICATION_FILL,),
    "identification:decide": (C.IDENTIFICATION_DECIDE,),
    "identification:service_users": (C.UNIT_VIEW, C.IDENTIFICATION_FILL),
    "identification:service_user_remove": (C.IDENTIFICATION_FILL,),
    "identification:import": (C.IDENTIFICATION_FILL,),
    "identification:import_confirm": (C.IDENTIFICATION_FILL,),
    "identification:import_template": (C.IDENTIFICATION_FILL,),
    "identification:report": (C.UNIT_VIEW,),
    "identification:report_pdf": (C.UNIT_VIEW,),
    # evidence (verification: evidence.verify plus the item's chain level)
    "evidence:cycle": (C.EVIDENCE_READ_ALL, C.EVIDENCE_READ_VERIFIED, C.EVIDENCE_SUBMIT),
    "evidence:question": (C.EVIDENCE_READ_ALL, C.EVIDENCE_READ_VERIFIED, C.EVIDENCE_SUBMIT),
    "evidence:completeness": (C.UNIT_VIEW,),
    "evidence:upload": (C.EVIDENCE_SUBMIT,),
    "evidence:revise": (C.EVIDENCE_SUBMIT,),
    "evidence:submit_all": (C.EVIDENCE_SUBMIT,),
    "evidence:action": (C.EVIDENCE_SUBMIT, C.EVIDENCE_VERIFY),
    "evidence:bulk_verify": (C.EVIDENCE_VERIFY,),
    "evidence:queue": (C.EVIDENCE_VERIFY,),
    "evidence:comment": (C.EVIDENCE_SUBMIT, C.EVIDENCE_VERIFY),
    "evidence:download": (C.EVIDENCE_READ_ALL, C.EVIDENCE_READ_VERIFIED),
    "evidence:levels": (C.PEOPLE_MANAGE, C.AGENCY_ADMIN),
    "api-evidence-item-list": (C.EVIDENCE_READ_ALL, C.EVIDENCE_READ_VERIFIED, C.EVIDENCE_SUBMIT),
    "api-evidence-item-detail": (C.EVIDENCE_READ_ALL, C.EVIDENCE_READ_VERIFIED, C.EVIDENCE_SUBMIT),
    "api-evidence-item-revisions": (C.EVIDENCE_SUBMIT,),
    "api-evidence-item-submit": (C.EVIDENCE_SUBMIT,),
    "api-evidence-item-withdraw": (C.EVIDENCE_SUBMIT,),
    "api-evidence-item-verify": (C.EVIDENCE_VERIFY,),
    "api-evidence-item-return": (C.EVIDENCE_VERIFY,),
    "api-evidence-queue": (C.EVIDENCE_VERIFY,),
    "api-evidence-revision-download": (C.EVIDENCE_READ_ALL, C.EVIDENCE_READ_VERIFIED),
    "api-evidence-cycle-completeness": (C.UNIT_VIEW,),
    # Tim Kerja and Agen Perubahan (own action plan: the agent themself, object rule)
    "teams:team": (C.UNIT_VIEW, C.TEAM_MANAGE),
    "teams:member_remove": (C.TEAM_MANAGE,),
    "teams:pick_member": (C.TEAM_MANAGE,),
    "teams:pick_agent": (C.TEAM_MANAGE,),
    "teams:agents": (C.UNIT_VIEW, C.TEAM_MANAGE),
    "teams:agent_remove": (C.TEAM_MANAGE,),
    "teams:decree": (C.TEAM_MANAGE,),
    "teams:decree_file": (C.UNIT_VIEW,),
    "teams:action_add": (C.ACTION_PLAN_EDIT,),
    "teams:action_edit": (C.ACTION_PLAN_EDIT,),
    "teams:action_delete": (C.ACTION_PLAN_EDIT,),
    # Rencana Kerja and Pokja tasks (task assignees: object rule with task.manage)
    "workplan:plan": (C.UNIT_VIEW, C.PLAN_EDIT, C.PLAN_APPROVE_AREA, C.PLAN_RATIFY),
    "workplan:start": (C.PLAN_EDIT,),
    "workplan:revise": (C.PLAN_EDIT,),
    "workplan:item_add": (C.PLAN_EDIT,),
    "workplan:item_edit": (C.PLAN_EDIT,),
    "workplan:item_delete": (C.PLAN_EDIT,),
    "workplan:item_restore": (C.PLAN_EDIT,),
    "workplan:import": (C.PLAN_EDIT,),
    "workplan:import_confirm": (C.PLAN_EDIT,),
    "workplan:export": (C.UNIT_VIEW,),
    "workplan:plan_pdf": (C.UNIT_VIEW,),
    "workplan:approve": (C.PLAN_APPROVE_AREA, C.PLAN_APPROVE_IN_PLACE),
    "workplan:ratify": (C.PLAN_RATIFY,),
    "workplan:timeline": (C.UNIT_VIEW,),
    "workplan:overdue": (C.UNIT_VIEW,),
    "workplan:nudge": (C.NUDGE_SEND,),
    "workplan:my_tasks": (Open.SELF,),
    "workplan:task": (C.UNIT_VIEW, C.TASK_MANAGE),
    "workplan:task_create": (C.TASK_MANAGE,),
    "workplan:task_status": (C.TASK_MANAGE, C.TASK_WORK),
    "workplan:task_comment": (C.TASK_MANAGE, C.PLAN_RATIFY),
    "workplan:task_attach": (C.TASK_MANAGE, C.EVIDENCE_SUBMIT),
    # Reports (monev) and recommendations: read by report.view (404 otherwise); written
    # by the team (report.edit), decided by the head (report.approve)
    "reports:index": (C.REPORT_VIEW,),
    "reports:cycle": (C.REPORT_VIEW, C.REPORT_EDIT),
    "reports:detail": (C.REPORT_VIEW,),
    "reports:update": (C.REPORT_EDIT,),
    "reports:notes": (C.REPORT_EDIT,),
    "reports:submit": (C.REPORT_EDIT,),
    "reports:return": (C.REPORT_APPROVE,),
    "reports:approve": (C.REPORT_APPROVE,),
    "reports:correct": (C.REPORT_EDIT,),
    "reports:pdf": (C.REPORT_VIEW,),
    "reports:docx": (C.REPORT_VIEW,),
    "reports:scan": (C.REPORT_VIEW, C.REPORT_EDIT, C.REPORT_APPROVE),
    "reports:recommendation_add": (C.REPORT_EDIT,),
    # FRM-05: the change agents record their own Rencana Aksi (report.agent_edit, own
    # items only); readers of the unit's reports see the records; the agency sets it once
    "reports:my_agent": (Open.SELF,),
    "reports:agent_record": (C.REPORT_VIEW, C.REPORT_AGENT_EDIT),
    "reports:agent_realisation": (C.REPORT_AGENT_EDIT,),
    "reports:agent_change": (C.REPORT_AGENT_EDIT,),
    "reports:agent_texts": (C.REPORT_AGENT_EDIT,),
    "reports:agent_settings": (C.AGENCY_ADMIN,),
    "reports:recommendation_edit": (C.REPORT_VIEW, C.REPORT_EDIT),
    "reports:recommendation_delete": (C.REPORT_EDIT,),
    "reports:follow_up": (C.REPORT_VIEW, C.REPORT_EDIT),
    "api-report-list": (C.REPORT_VIEW, C.REPORT_EDIT),
    "api-report-detail": (C.REPORT_VIEW, C.REPORT_EDIT),
    "api-report-submit": (C.REPORT_EDIT,),
    "api-report-return": (C.REPORT_APPROVE,),
    "api-report-approve": (C.REPORT_APPROVE,),
    "api-report-pdf": (C.REPORT_VIEW,),
    "api-report-docx": (C.REPORT_VIEW,),
    "api-recommendation-list": (C.REPORT_VIEW, C.REPORT_EDIT),
    "api-recommendation-detail": (C.REPORT_VIEW, C.REPORT_EDIT),
    "api-recommendation-follow-up": (C.REPORT_EDIT,),
    "api-agent-realisation-list": (C.REPORT_VIEW, C.REPORT_AGENT_EDIT),
    "api-agent-report-settings": (Open.MEMBER, C.AGENCY_ADMIN),
    # LKE assessments (the lead and the assigned assessors: object rules)
    "assessment:list": (C.UNIT_VIEW, C.ASSESSMENT_READ_ALL),
    "assessment:cycle": (C.UNIT_VIEW, C.ASSESSMENT_READ_ALL, C.ASSESSMENT_MANAGE),
    "assessment:detail": (C.UNIT_VIEW, C.ASSESSMENT_READ_ALL, C.ASSESSMENT_MANAGE),
    "assessment:panel": (
        C.ASSESSMENT_MANAGE,
        C.ASSESSMENT_LEAD_MANDIRI,
        C.ASSESSMENT_ANSWER_MANDIRI,
        C.ASSESSMENT_ANSWER_TPU,
        C.ASSESSMENT_ANSWER_TPI,
    ),
    "assessment:assign": (
        C.ASSESSMENT_MANAGE,
        C.ASSESSMENT_ANSWER_MANDIRI,
        C.ASSESSMENT_ANSWER_TPU,
        C.ASSESSMENT_ANSWER_TPI,
    ),
    "assessment:unassign": (C.ASSESSMENT_MANAGE,),
    "assessment:answer": (
        C.ASSESSMENT_ANSWER_MANDIRI,
        C.ASSESSMENT_ANSWER_TPU,
        C.ASSESSMENT_ANSWER_TPI,
    ),
    "assessment:finalise": (C.ASSESSMENT_MANAGE,),
    "assessment:release": (C.ASSESSMENT_MANAGE,),
    "assessment:reopen": (C.ASSESSMENT_MANAGE,),
    "assessment:result": (C.UNIT_VIEW, C.ASSESSMENT_READ_ALL),
    "assessment:export": (C.UNIT_VIEW, C.ASSESSMENT_READ_ALL),
    "assessment:import": (C.ASSESSMENT_ANSWER_MANDIRI, C.ASSESSMENT_ANSWER_TPU),
    "assessment:import_confirm": (C.ASSESSMENT_ANSWER_MANDIRI, C.ASSESSMENT_ANSWER_TPU),
    "assessment:facts": (C.ASSESSMENT_MANAGE,),
    "assessment:propose": (C.ASSESSMENT_MANAGE,),
    "assessment:pick_lead": (C.ASSESSMENT_MANAGE,),
    "assessment:pick_assessor": (  # the lead (an assessor of the level) or the admins
        C.ASSESSMENT_MANAGE,
        C.ASSESSMENT_ANSWER_MANDIRI,
        C.ASSESSMENT_ANSWER_TPU,
        C.ASSESSMENT_ANSWER_TPI,
    ),
    "api-assessment-hints": (C.UNIT_VIEW, C.ASSESSMENT_READ_ALL),
    # Surveys: the follow-up of a survey's weak elements (read by its viewers)
    "surveys:follow_ups": (C.SURVEY_VIEW, C.SURVEY_MANAGE),
    "surveys:follow_up_edit": (C.SURVEY_MANAGE,),
    "surveys:follow_up_progress": (C.SURVEY_MANAGE,),
    "surveys:follow_up_done": (C.SURVEY_MANAGE,),
    "surveys:follow_up_evidence": (C.SURVEY_VIEW,),
}


def access_of(name: str) -> tuple | None:
    """The entry of the named URL ``name`` (``namespace:name``), or None."""
    if name in URL_ACCESS:
        return URL_ACCESS[name]
    namespace = name.split(":", 1)[0] if ":" in name else ""
    return NAMESPACES.get(namespace)
