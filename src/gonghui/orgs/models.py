from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node

from gonghui.core.roles import Role


class Jurisdiction(models.TextChoices):
    """Where a rule pack applies. A node without one inherits its nearest ancestor's."""

    NATIONAL = "national", _("全国")
    ZHEJIANG = "zhejiang", _("浙江省")
    SHANGHAI = "shanghai", _("上海市")
    BEIJING = "beijing", _("北京市")
    JIANGSU = "jiangsu", _("江苏省")


class OrgKind(models.TextChoices):
    FEDERATION = "federation", _("总工会")
    UNION = "union", _("基层工会")
    BRANCH = "branch", _("分会/工会小组")
    TEAM = "team", _("班组")


class OrgCategory(models.TextChoices):
    CITY = "city", _("市总工会")
    DISTRICT = "district", _("区县总工会")
    TOWN = "town", _("乡镇总工会")
    STREET = "street", _("街道总工会")
    INDUSTRY = "industry", _("产业工会")
    EDUCATION = "education", _("教育系统工会")
    ENTERPRISE = "enterprise", _("企业工会")
    SCHOOL = "school", _("学校工会")
    INSTITUTION = "institution", _("机关事业单位工会")
    JOINT = "joint", _("联合基层工会")
    BRANCH = "branch", _("分会")
    GROUP = "group", _("工会小组")
    TEAM = "team", _("班组")


class Org(MP_Node):
    """A node of the union tree: federation → grassroots union → branch → team, to any depth.

    Materialised path (treebeard MP_Node): a subtree is one indexed prefix query on both databases.
    """

    steplen = 4
    name = models.CharField(_("名称"), max_length=100)
    code = models.CharField(_("代码"), max_length=20, unique=True)
    kind = models.CharField(_("层级"), max_length=20, choices=OrgKind.choices)
    category = models.CharField(_("类别"), max_length=20, choices=OrgCategory.choices)
    jurisdiction = models.CharField(
        _("适用地方规则"),
        max_length=20,
        choices=Jurisdiction.choices,
        blank=True,
        help_text=_("留空则沿用上级组织的规则"),
    )
    founded_on = models.DateField(_("成立日期"), null=True, blank=True)
    worker_count = models.PositiveIntegerField(_("职工人数"), default=0)

    class Meta:
        verbose_name = _("组织")
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="org_name_not_empty"),
        ]

    def __str__(self) -> str:
        return self.name

    def ancestor_list(self) -> list["Org"]:
        """Root first. Computed from the path, so a stale instance gives the right answer."""
        prefixes = [self.path[:i] for i in range(self.steplen, len(self.path), self.steplen)]
        return list(Org.objects.filter(path__in=prefixes).order_by("path"))

    def child_list(self):
        return Org.objects.filter(path__startswith=self.path, depth=self.depth + 1).order_by("path")

    @property
    def is_federation(self) -> bool:
        return self.kind == OrgKind.FEDERATION

    @property
    def is_union(self) -> bool:
        return self.kind == OrgKind.UNION


class Industry(models.TextChoices):
    """GB/T 4754-2017 sections (门类)."""

    A = "A", _("农、林、牧、渔业")
    B = "B", _("采矿业")
    C = "C", _("制造业")
    D = "D", _("电力、热力、燃气及水生产和供应业")
    E = "E", _("建筑业")
    F = "F", _("批发和零售业")
    G = "G", _("交通运输、仓储和邮政业")
    H = "H", _("住宿和餐饮业")
    I = "I", _("信息传输、软件和信息技术服务业")  # noqa: E741
    J = "J", _("金融业")
    K = "K", _("房地产业")
    L = "L", _("租赁和商务服务业")
    M = "M", _("科学研究和技术服务业")
    N = "N", _("水利、环境和公共设施管理业")
    O = "O", _("居民服务、修理和其他服务业")  # noqa: E741
    P = "P", _("教育")
    Q = "Q", _("卫生和社会工作")
    R = "R", _("文化、体育和娱乐业")
    S = "S", _("公共管理、社会保障和社会组织")


class Ownership(models.TextChoices):
    STATE = "state", _("国有")
    COLLECTIVE = "collective", _("集体")
    PRIVATE = "private", _("民营")
    FOREIGN = "foreign", _("外资")
    HMT = "hmt", _("港澳台资")
    MIXED = "mixed", _("混合所有制")
    PUBLIC = "public", _("机关事业单位")
    OTHER = "other", _("其他")


class Enterprise(models.Model):
    """An employer (用人单位) in a federation's area, with or without a union."""

    name = models.CharField(_("单位名称"), max_length=100)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, unique=True)
    industry = models.CharField(_("行业"), max_length=1, choices=Industry.choices)
    ownership = models.CharField(_("经济类型"), max_length=20, choices=Ownership.choices)
    worker_count = models.PositiveIntegerField(_("职工人数"), default=0)
    women_worker_count = models.PositiveIntegerField(_("女职工人数"), default=0)
    # 规模以上企业: a status the statistics bureau assigns each year by the enterprise's revenue and sector (for
    # industry, main-business revenue of 20 million yuan or more). We hold no revenue, so it is recorded as the
    # bureau lists it, not derived from the workforce; 浙江省集体合同条例 第十条 sets a larger bargaining team.
    above_designated_size = models.BooleanField(
        _("规模以上企业"), default=False, help_text=_("按统计部门认定的规模以上企业名录填写")
    )
    area = models.ForeignKey(
        Org, verbose_name=_("所属区域"), on_delete=models.PROTECT, related_name="area_enterprises"
    )
    union = models.ForeignKey(
        Org,
        verbose_name=_("所属工会"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="enterprises",
    )

    class Meta:
        verbose_name = _("企业")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(women_worker_count__lte=models.F("worker_count")),
                name="enterprise_women_le_workers",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Sex(models.TextChoices):
    MALE = "M", _("男")
    FEMALE = "F", _("女")


class Education(models.TextChoices):
    PRIMARY = "primary", _("小学及以下")
    JUNIOR = "junior", _("初中")
    SENIOR = "senior", _("高中/中专/技校")
    COLLEGE = "college", _("大专")
    BACHELOR = "bachelor", _("本科")
    MASTER = "master", _("硕士研究生")
    DOCTOR = "doctor", _("博士研究生")


class PoliticalStatus(models.TextChoices):
    CPC = "cpc", _("中共党员")
    PROBATIONARY = "probationary", _("中共预备党员")
    LEAGUE = "league", _("共青团员")
    DEMOCRATIC = "democratic", _("民主党派")
    MASSES = "masses", _("群众")


class EmploymentForm(models.TextChoices):
    REGULAR = "regular", _("正式职工")
    DISPATCHED = "dispatched", _("劳务派遣")
    MIGRANT = "migrant", _("农民工")
    CONTRACT = "contract", _("合同制")
    PART_TIME = "part_time", _("非全日制")
    NEW_FORM = "new_form", _("新就业形态")
    OTHER = "other", _("其他")


class MemberStatus(models.TextChoices):
    ACTIVE = "active", _("在会")
    TRANSFERRED = "transferred", _("转出")
    WITHDRAWN = "withdrawn", _("退会")
    RETIRED = "retired", _("退休")


class Member(models.Model):
    """One person on a union roster. One row per person (unique ID number): a person belongs to one union at a
    time, and a move between unions is a MembershipTransfer, never a second row."""

    union = models.ForeignKey(
        Org,
        verbose_name=_("所属工会"),
        on_delete=models.PROTECT,
        related_name="members",
        limit_choices_to={"kind": OrgKind.UNION},
    )
    unit = models.ForeignKey(
        Org, verbose_name=_("分会/班组"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="member"
    )
    name = models.CharField(_("姓名"), max_length=50)
    initials = models.CharField(_("拼音首字母"), max_length=50, db_index=True)
    name_key = models.CharField(
        _("姓名拼音"), max_length=200, blank=True
    )  # naming.name_sort_key: pinyin order
    id_number = models.CharField(_("身份证号"), max_length=18, unique=True)
    id_tail = models.CharField(max_length=4, db_index=True)
    sex = models.CharField(_("性别"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("出生日期"))
    phone = models.CharField(_("手机号"), max_length=11, blank=True)
    phone_tail = models.CharField(max_length=4, blank=True, db_index=True)
    ethnicity = models.CharField(_("民族"), max_length=20, blank=True)
    education = models.CharField(_("学历"), max_length=20, choices=Education.choices, blank=True)
    political_status = models.CharField(
        _("政治面貌"), max_length=20, choices=PoliticalStatus.choices, blank=True
    )
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("工作单位"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )
    department = models.CharField(_("部门"), max_length=100, blank=True)
    post = models.CharField(_("岗位"), max_length=100, blank=True)
    employment_form = models.CharField(
        _("用工形式"), max_length=20, choices=EmploymentForm.choices, default=EmploymentForm.REGULAR
    )
    joined_on = models.DateField(_("入会日期"), null=True, blank=True)
    status = models.CharField(
        _("会籍状态"), max_length=20, choices=MemberStatus.choices, default=MemberStatus.ACTIVE
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("会员")
        indexes = [
            models.Index(fields=["union", "name"]),
            models.Index(fields=["union", "name_key"]),
            models.Index(fields=["union", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(id_number__regex=r"^\d{17}[\dX]$"), name="member_id_number_format"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_female(self) -> bool:
        return self.sex == Sex.FEMALE


class TransferStatus(models.TextChoices):
    PENDING = "pending", _("待接收方确认")
    ACCEPTED = "accepted", _("已接转")
    REJECTED = "rejected", _("已退回")
    CANCELLED = "cancelled", _("已撤回")


class MembershipTransfer(models.Model):
    """会员关系接转: requested by one union, confirmed by the other; the member moves only on acceptance."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="transfers")
    from_union = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="transfers_out")
    to_union = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="transfers_in")
    requested_by_side = models.CharField(max_length=4, choices=[("from", _("转出方")), ("to", _("转入方"))])
    status = models.CharField(max_length=20, choices=TransferStatus.choices, default=TransferStatus.PENDING)
    reason = models.CharField(_("原因"), max_length=200, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(_("处理意见"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("会员关系接转")
        ordering = ["-requested_at"]
        constraints = [
            # A second pending request for the same person would let two unions race to accept.
            models.UniqueConstraint(
                fields=["member"], condition=Q(status="pending"), name="one_pending_transfer_per_member"
            ),
            models.CheckConstraint(
                condition=~Q(from_union=models.F("to_union")), name="transfer_between_two_unions"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.from_union} → {self.to_union}"


class RoleAssignment(models.Model):
    """A role on a node; it reaches the node's whole subtree."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments"
    )
    node = models.ForeignKey(Org, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("角色"), max_length=30, choices=Role.choices)
    granted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("角色授权")
        constraints = [
            models.UniqueConstraint(fields=["user", "node", "role"], name="unique_role_assignment")
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.get_role_display()} @ {self.node}"


class ImportStatus(models.TextChoices):
    VALIDATED = "validated", _("已校验，待确认")
    INVALID = "invalid", _("有错误")
    QUEUED = "queued", _("导入中")
    COMMITTED = "committed", _("已导入")
    FAILED = "failed", _("导入失败")


class ImportBatch(models.Model):
    """One uploaded roster file: validated on upload, written on confirmation (all rows or none)."""

    union = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="import_batches")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    filename = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64)
    file = models.FileField(upload_to="imports/%Y/%m/")
    status = models.CharField(max_length=20, choices=ImportStatus.choices)
    counts = models.JSONField(default=dict)
    errors = models.JSONField(default=list)
    created_at = models.DateTimeField(default=timezone.now)
    queued_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    # A 100,000-row import takes seconds; a batch still queued after this long lost its worker (killed, or the
    # machine restarted) and may be submitted again. Its writes were one transaction, so nothing half-done remains.
    STALE_AFTER = timedelta(minutes=30)

    class Meta:
        verbose_name = _("名册导入")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"

    @property
    def is_stale(self) -> bool:
        return (
            self.status == ImportStatus.QUEUED
            and self.queued_at is not None
            and self.queued_at < timezone.now() - self.STALE_AFTER
        )
