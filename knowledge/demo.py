"""The demo company's knowledge: safety knowledge (安全用气常识, 001 第三条(五)、第十三条), frequent
questions, fee policies and house rules, the price list of paid and free services with one price
change, and the items used on some finished repairs."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from knowledge.actions import record_charge
from knowledge.models import Article, ServiceItem
from knowledge.search import article_tokens
from tickets.models import Ticket
from tickets.vocabulary import Category, Status

ARTICLES = (
    (
        "safety",
        "public",
        "安全用气常识：闻到燃气味怎么办",
        "1. 立即关闭燃气表前阀门或灶前阀门。\n2. 打开门窗通风，让燃气散出。\n"
        "3. 严禁开关电器、使用明火、拨打手机或按门铃，以免产生火花。\n"
        "4. 到室外安全地点拨打燃气抢修电话，说明地址和现场情况。\n5. 在抢修人员到达之前，请勿自行拆修燃气设施。",
    ),
    (
        "safety",
        "public",
        "燃气灶具安全使用须知",
        "使用燃气灶时人不离火，锅具不要盛得过满，以免汤水溢出浇灭火焰造成漏气。"
        "用完后关闭灶前阀门；长时间外出请关闭表前阀门。灶具周围不要堆放纸张、油桶等易燃物品。",
    ),
    (
        "safety",
        "public",
        "燃气热水器安全使用",
        "燃气热水器必须安装在通风良好的地方，严禁安装在浴室内。使用时保持通风，洗浴时间不宜过长。"
        "热水器应使用强排式或平衡式，烟道要伸出室外并定期检查。",
    ),
    (
        "safety",
        "public",
        "燃气软管多久需要更换",
        "橡胶软管一般使用18个月应更换，出现老化、龟裂、变硬时应立即更换；软管长度不超过2米，不得穿墙、穿门窗。"
        "建议使用金属波纹管。更换软管属于有偿服务，价格见收费标准。",
    ),
    (
        "faq",
        "public",
        "燃气表电池没电了怎么办",
        "IC卡燃气表显示电量低时请及时更换电池（一般为5号碱性电池），更换后需重新插卡。"
        "如您不方便自行更换，可拨打服务热线预约上门更换。",
    ),
    (
        "faq",
        "public",
        "IC卡充值后插卡不通气",
        "请先确认卡已插到位并听到提示音；如仍不通气，请检查表前阀门是否打开、电池是否有电。"
        "以上都正常仍不通气，请拨打服务热线报修，我们会安排维修人员上门查看。",
    ),
    (
        "faq",
        "public",
        "停水停电停气通知在哪里看",
        "计划停水、停电、停气会提前通过短信通知受影响的业户，并在小区公告栏张贴。您也可以拨打服务热线查询停复时间。",
    ),
    (
        "faq",
        "public",
        "报修后多久上门",
        "一般报修在接单后按约定时间上门，紧急报修（漏水、漏气、停电）立即安排。"
        "您可以在业户服务页面用工单号和手机后四位查询处理进度。",
    ),
    (
        "fees",
        "public",
        "有偿服务与无偿服务说明",
        "公共区域设施的维修、入户安全检查、报修查看属于无偿服务；业户户内设施的维修、更换配件属于有偿服务，"
        "按公示的收费标准收费，材料费另计。维修人员上门前会告知收费项目，完工后在工单中列明费用明细。",
    ),
    (
        "fees",
        "public",
        "物业费缴纳方式",
        "物业费可在客服中心前台缴纳，也可通过银行代扣。缴费后请保留收据，如需发票请向客服中心申请。",
    ),
    (
        "rules",
        "public",
        "装修管理规定要点",
        "装修前需到客服中心办理装修登记，施工时间为工作日8:00-12:00、14:00-18:00，周末及节假日不得进行产生噪音的施工。"
        "燃气管道不得私自改装、包封。",
    ),
    (
        "rules",
        "staff",
        "钥匙寄存与代收快递的办理口径",
        "业户寄存钥匙须登记姓名、房号、联系电话并签字；领取时核对身份。代收快递登记后短信通知业户领取。",
    ),
    (
        "other",
        "staff",
        "投诉答复口径（内部）",
        "接到投诉先致歉、安抚情绪，记录清楚后立即转交责任部门；答复时说明处理结果和整改措施，并在24小时内回访。",
    ),
    ("faq", "draft", "电梯困人怎么办（草稿）", "保持冷静，按下电梯内的紧急呼叫按钮，等待救援，不要强行扒门。"),
)

# (code, name, paid, price, unit): the price list in force for the whole demo period.
ITEMS = (
    ("inspect", "入户燃气安全检查", False, "0", "次"),
    ("look", "报修上门查看", False, "0", "次"),
    ("public-repair", "公共区域设施维修", False, "0", "次"),
    ("parcel", "代收快递", False, "0", "件"),
    ("hose", "更换燃气软管", True, "35.00", "根"),
    ("faucet", "更换水龙头（不含材料）", True, "30.00", "个"),
    ("drain", "疏通下水道", True, "80.00", "次"),
    ("toilet", "疏通马桶", True, "60.00", "次"),
    ("socket", "更换插座面板", True, "20.00", "个"),
    ("lamp", "更换灯具（不含材料）", True, "25.00", "盏"),
    ("pipe", "更换水管", True, "25.00", "米"),
    ("lock", "开锁服务", True, "50.00", "次"),
)
# One price changed 20 days ago: older repairs show the old price (versioned like commitments).
BATTERY = ("battery", "更换燃气表电池", True, "10.00", "12.00", "次")

CHARGED_REPAIRS = 25
# What a repair used, by a word of its request.
USED = (
    ("马桶", "toilet"),
    ("堵", "drain"),
    ("水龙头", "faucet"),
    ("水管", "pipe"),
    ("漏水", "pipe"),
    ("灯", "lamp"),
    ("插座", "socket"),
    ("跳闸", "socket"),
    ("燃气表", "battery"),
    ("软管", "hose"),
    ("锁", "lock"),
)


def seed_knowledge() -> None:
    now = timezone.now()
    Article.objects.bulk_create(
        [
            Article(
                title=title,
                body=body,
                category=category,
                state=state,
                search_tokens=article_tokens(title, body),
                created_at=now,
                updated_at=now,
            )
            for category, state, title, body in ARTICLES
        ]
    )
    start = timezone.localdate() - timedelta(days=400)
    changed = timezone.localdate() - timedelta(days=20)
    code, name, paid, old, new, unit = BATTERY
    ServiceItem.objects.bulk_create(
        [
            *(
                ServiceItem(code=c, name=n, paid=p, price=Decimal(price), unit=u, effective_from=start)
                for c, n, p, price, u in ITEMS
            ),
            ServiceItem(
                code=code,
                version=1,
                name=name,
                paid=paid,
                price=Decimal(old),
                unit=unit,
                effective_from=start,
                effective_to=changed - timedelta(days=1),
            ),
            ServiceItem(
                code=code, version=2, name=name, paid=paid, price=Decimal(new), unit=unit, effective_from=changed
            ),
        ]
    )
    _charge_finished_repairs()


def _charge_finished_repairs() -> None:
    repairs = (
        Ticket.objects.filter(category=Category.REPAIR, status=Status.RESOLVED, accepted_by__isnull=False)
        .select_related("accepted_by")
        .order_by("id")[:CHARGED_REPAIRS]
    )
    for ticket in repairs:
        # What the request names; otherwise only the free call-out (报修上门查看) was used.
        code = next((item for word, item in USED if word in ticket.content), "look")
        quantity = "2" if code == "pipe" else "1"
        record_charge(ticket, item=code, quantity=quantity, actor=ticket.accepted_by)
