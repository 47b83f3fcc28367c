"""What committee meetings add to the audit log's words (core.registry)."""

from django.utils.translation import gettext_lazy as _

from gonghui.core.registry import audit_labels

audit_labels(actions={"meeting.record": _("记录工会委员会会议")})
