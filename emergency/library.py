"""The starting plan library, written from the handbooks (seeds 000-002): the customer-service
centre records the alarm and reports major emergencies to the leaders at once (001 第三条(一));
the manager takes charge of 水浸、火警 and their aftermath (001 客服部经理 6); gas faults are
handled within 6 hours and repaired within 24 (001 第五条(二)); plans for major complaints,
system failure and natural disasters with procedure, roles and resources, drilled regularly
(002 八). The company's own data, in Chinese, as a property manager would write it; loaded by the
demo and by `manage.py load_emergency_plans` (codes already present are left alone)."""

import copy

from accounts.models import Department, Role
from emergency.models import Plan, PlanKind, ResourceKind
from emergency.plans import PlanIn, StepIn, write_plan
from tickets.vocabulary import Category

A, N, S, SV, M, F, AD = Role.AGENT, Role.NIGHT_DUTY, Role.STEWARD, Role.SUPERVISOR, Role.MANAGER, Role.FIELD, Role.ADMIN
EQ, CT, DOC = ResourceKind.EQUIPMENT, ResourceKind.CONTACT, ResourceKind.DOCUMENT

PLANS = [
    PlanIn(
        code="gas_leak",
        kind=PlanKind.GAS_LEAK,
        name="燃气泄漏应急预案",
        scope="业户或巡查人员报告闻到燃气味、燃气表或管道漏气、燃气报警器报警。",
        keywords="燃气,煤气,天然气,漏气,泄漏,气味,报警器",
        drill_every_days=180,
        steps=[
            StepIn(
                "接警：记录地址和现场情况，电话指导业户关闭燃气阀门、开窗通风、不开关电器、不用明火、撤到室外", A, 3
            ),
            StepIn("派抢险：通知工程部值班人员携检测仪赶赴现场，告知预计到达时间", F, 5, "eng"),
            StepIn("报告值班经理，由经理决定是否报告公司领导和燃气公司", M, 5),
            StepIn("秩序维护部到场设警戒、疏散楼内人员、禁止车辆和明火靠近", F, 15, "security"),
            StepIn("现场关闭楼栋燃气总阀，检测浓度，必要时报燃气公司抢修和119", F, 30, "eng"),
            StepIn("管家通知受影响业户停气原因和预计恢复时间", S, 45),
            StepIn("修复漏点，检测合格后恢复供气（一般故障6小时内处理）", F, 360, "eng"),
            StepIn("回访报警业户，整理处置记录", A, 1440),
        ],
        resources=[
            (CT, "燃气公司24小时抢修热线", "0353-2021119（演示号码）"),
            (CT, "火警", "119"),
            (CT, "急救", "120"),
            (EQ, "可燃气体检测仪 2 台", "工程部值班室"),
            (EQ, "防爆工具箱、防爆对讲机", "工程部值班室"),
            (EQ, "警戒带、警示牌", "秩序维护部岗亭"),
        ],
        notices=[
            (1, A, "接警客服通知工程部值班、秩序维护部", 3),
            (2, M, "值班经理报告公司分管领导", 10),
            (3, "", "公司领导视情况报告燃气公司、街道和物业主管部门", 30),
        ],
    ),
    PlanIn(
        code="fire",
        kind=PlanKind.FIRE,
        name="火灾应急预案",
        scope="发现起火、冒烟，或消防报警系统报警。",
        keywords="火灾,着火,起火,冒烟,烟雾,火警,消防",
        drill_every_days=180,
        steps=[
            StepIn("接警：确认起火地点、燃烧物、有无人员被困，立即拨打119", A, 2),
            StepIn("通知秩序维护部就近人员携灭火器到场初期扑救", F, 3, "security"),
            StepIn("报告值班经理，经理到场指挥", M, 5),
            StepIn("组织楼内人员沿安全通道疏散，引导至集合点并清点人数", F, 10, "security"),
            StepIn("工程部切断起火区域电源、启动消防泵和排烟", F, 10, "eng"),
            StepIn("派人到小区路口接应消防车，清理消防通道", F, 10, "security"),
            StepIn("管家安抚受影响业户，登记损失情况", S, 120),
            StepIn("保护现场，配合消防部门调查，整理处置记录", M, 1440),
        ],
        resources=[
            (CT, "火警", "119"),
            (CT, "急救", "120"),
            (EQ, "灭火器、消防栓位置图", "各楼栋大堂、监控中心"),
            (EQ, "消防控制室", "物业服务中心一楼"),
            (EQ, "应急照明、扩音器", "秩序维护部岗亭"),
        ],
        notices=[
            (1, A, "接警客服拨打119并通知秩序维护部、工程部", 2),
            (2, M, "值班经理报告公司领导", 10),
        ],
    ),
    PlanIn(
        code="lift_entrapment",
        kind=PlanKind.LIFT_ENTRAPMENT,
        name="电梯困人应急预案",
        scope="电梯故障停运且轿厢内有人。",
        keywords="电梯,困人,被困,关在,卡在,轿厢",
        drill_every_days=90,
        steps=[
            StepIn("接警：问清楼栋、电梯编号、被困人数和身体状况，安抚被困人员不要扒门", A, 2),
            StepIn("通知电梯维保单位和工程部值班电梯管理员到场", F, 5, "eng"),
            StepIn("秩序维护部到场与被困人员保持通话，设置警示牌", F, 10, "security"),
            StepIn("报告值班经理", M, 10),
            StepIn("维保人员盘车或开门救出被困人员（规定30分钟内）", F, 30, "eng"),
            StepIn("询问被救人员身体情况，必要时拨打120；查明故障原因", S, 45),
            StepIn("电梯修复检验合格后恢复运行，回访被困业户", A, 1440),
        ],
        resources=[
            (CT, "电梯维保单位24小时电话", "400-600-1234（演示号码）"),
            (CT, "急救", "120"),
            (CT, "火警（救援）", "119"),
            (EQ, "电梯钥匙、盘车工具", "工程部值班室"),
            (EQ, "停用警示牌", "秩序维护部岗亭"),
        ],
        notices=[
            (1, A, "接警客服通知维保单位、工程部、秩序维护部", 5),
            (2, M, "困人超过30分钟未救出，值班经理报告公司领导", 30),
        ],
    ),
    PlanIn(
        code="flooding",
        kind=PlanKind.FLOODING,
        name="水浸应急预案",
        scope="爆管、暴雨倒灌、地下室或机房进水、楼上渗漏大面积浸水。",
        keywords="水浸,浸水,进水,爆管,淹,积水,漏水,倒灌",
        drill_every_days=365,
        steps=[
            StepIn("接警：确认进水位置、水源和影响范围", A, 3),
            StepIn("工程部关闭进水阀门或启动排水泵，查找水源", F, 15, "eng"),
            StepIn("报告值班经理，经理全责处理善后", M, 10),
            StepIn("切断受浸区域电源，防止触电；设警戒", F, 15, "eng"),
            StepIn("保洁绿化部组织排水、清理，沙袋封堵", F, 30, "cleaning"),
            StepIn("管家通知受影响业户，登记财产损失", S, 60),
            StepIn("修复后检查设备，回访业户，整理记录", A, 1440),
        ],
        resources=[
            (EQ, "潜水泵 3 台、水管", "地下车库设备间"),
            (EQ, "沙袋 200 个", "地下车库入口"),
            (CT, "自来水公司抢修", "96116（演示号码）"),
        ],
        notices=[
            (1, A, "接警客服通知工程部、保洁绿化部", 3),
            (2, M, "值班经理报告公司领导", 15),
        ],
    ),
    PlanIn(
        code="power_cut",
        kind=PlanKind.POWER_CUT,
        name="突发停电应急预案",
        scope="非计划停电（计划停电按停电公告处理）。",
        keywords="停电,断电,没电,跳闸,电梯停",
        drill_every_days=365,
        steps=[
            StepIn("接警：确认停电范围，查看是否有计划停电公告", A, 3),
            StepIn("工程部检查配电房，判断是内部故障还是供电局停电", F, 15, "eng"),
            StepIn("检查各电梯有无困人（有则同时启动电梯困人预案）", F, 10, "security"),
            StepIn("报告值班经理", M, 10),
            StepIn("向供电局报修或询问恢复时间，启动应急照明和备用电源", F, 30, "eng"),
            StepIn("管家在业主群和公告栏告知停电原因和预计恢复时间", S, 30),
            StepIn("恢复供电后检查水泵、电梯、门禁运行，整理记录", F, 240, "eng"),
        ],
        resources=[
            (CT, "供电服务热线", "95598"),
            (EQ, "柴油发电机", "配电房"),
            (EQ, "应急照明灯、手电", "秩序维护部岗亭"),
        ],
        notices=[
            (1, A, "接警客服通知工程部、秩序维护部", 3),
            (2, M, "值班经理报告公司领导", 15),
        ],
    ),
    PlanIn(
        code="major_complaint",
        kind=PlanKind.MAJOR_COMPLAINT,
        name="重大客户投诉应急预案",
        scope="集体投诉、扬言向媒体或政府投诉、已在网络传播、涉及人身伤害或大额赔偿的投诉。",
        category=Category.COMPLAINT,
        keywords="媒体,记者,曝光,网上,微博,抖音,集体,联名,12345,市长热线,赔偿,起诉,律师",
        drill_every_days=365,
        steps=[
            StepIn("接诉客服耐心倾听，完整记录诉求和联系方式，不争辩、不承诺", A, 5),
            StepIn("报告客服经理，经理受理并指定专人跟进", M, 15),
            StepIn("经理报告公司领导，统一对外口径，由公司指定发言人回应媒体", M, 30),
            StepIn("相关部门调查事实，提出处理方案", SV, 240),
            StepIn("经理与客户面谈或电话沟通处理方案", M, 1440),
            StepIn("办结后回访，整理为案例", A, 4320),
        ],
        resources=[
            (DOC, "重大投诉处理记录表", "客服中心"),
            (CT, "公司新闻发言人", "办公室"),
        ],
        notices=[
            (1, A, "接诉客服报告客服主管、经理", 5),
            (2, M, "经理报告公司领导和办公室（新闻宣传）", 30),
        ],
    ),
    PlanIn(
        code="system_failure",
        kind=PlanKind.SYSTEM_FAILURE,
        name="系统故障应急预案",
        scope="客服系统无法登录、无法保存工单或网络中断，超过10分钟未恢复。",
        category="",
        keywords="系统,故障,无法登录,打不开,宕机,断网",
        drill_every_days=180,
        steps=[
            StepIn("值班客服确认故障现象，改用纸质受理单记录每一个来电（写明受理时间）", A, 5),
            StepIn("报告客服主管，主管通知系统管理员", SV, 10),
            StepIn("系统管理员排查故障，告知预计恢复时间", AD, 30),
            StepIn("紧急报修、报警仍按电话派单，电话通知工程部和秩序维护部", N, 10),
            StepIn("系统恢复后，按纸质受理单补录工单，受理时间填写原始时间", A, 240),
            StepIn("主管核对纸质单与补录工单数量一致，纸质单存档", SV, 1440),
        ],
        resources=[
            (DOC, "纸质受理单（系统故障时用）", "/emergency/paper-form/ 打印，客服中心常备 50 份"),
            (CT, "系统管理员", "内线 8001"),
            (CT, "网络运营商报修", "10000"),
        ],
        notices=[
            (1, A, "值班客服报告主管", 5),
            (2, SV, "主管通知系统管理员和客服经理", 10),
        ],
    ),
]


def load_library() -> int:
    """Write the plans whose codes are not in the library yet; returns how many."""
    present = set(Plan.objects.values_list("code", flat=True))
    # A company without a department of that code: the step falls to the role in any department.
    known = set(Department.objects.values_list("code", flat=True))
    written = 0
    for data in PLANS:
        if data.code not in present:
            data = copy.deepcopy(data)
            for step in data.steps:
                step.department = step.department if step.department in known else ""
            write_plan(data, actor=None)
            written += 1
    return written
