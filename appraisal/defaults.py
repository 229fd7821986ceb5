"""The handbook's scorecards (000 §3, §6, §12), the QA scorecard (003 4.1) and the rules, as the
data migration installs them. The handbook's copy lost its numbers ("满分分"); the maxima and
amounts here are the usual ones for such a 百分制 and the manager edits them on the scorecard screen.
Plain data, no models: the migration reads it as it stands today."""

# (code, name, max, general, serious, is_cause)
STAFF_CATEGORIES = [
    ("post_quality", "岗位工作质量", 30, 2, 5, False),
    ("handover", "交接班质量", 10, 1, 3, False),
    ("training", "培训质量", 10, 1, 3, False),
    ("efficiency", "工作效率", 15, 2, 5, False),
    ("service", "服务质量及物业费收费率", 20, 2, 5, False),
    ("procedures", "执行其他相关作业规程质量", 10, 1, 3, False),
    ("other", "其他质量", 5, 1, 2, False),
]

MANAGER_CATEGORIES = [
    ("procedures", "岗位工作标准作业规程的执行质量", 20, 2, 5, False),
    ("training", "培训质量", 10, 1, 3, True),
    ("skill", "自身工作技能", 10, 1, 3, True),
    ("service", "服务质量", 15, 2, 5, False),
    ("results", "工作效果", 10, 1, 3, False),
    ("responsibility", "工作责任心", 10, 1, 3, True),
    ("fairness", "处事公正性", 5, 1, 2, True),
    ("compliance", "遵守相关作业规程", 10, 1, 3, False),
    ("cooperation", "部门配合情况", 5, 1, 2, True),
    ("ethics", "道德水准", 5, 1, 2, True),
]

# (code, name, max, critical): weights add up to 100.
QA_CRITERIA = [
    ("greeting", "开场白与自报工号", 10, False),
    ("listening", "倾听与确认需求", 15, False),
    ("accuracy", "解答与信息准确", 20, True),
    ("handling", "处理方案与跟进", 20, False),
    ("courtesy", "服务用语与态度（无禁忌用语）", 15, True),
    ("record", "工单记录完整", 10, False),
    ("closing", "结束语与致谢", 10, False),
]

# (source, kind, staff category, manager category, points, threshold, cap)
RULES = [
    ("breach", "deduction", "efficiency", "results", "2", None, None),
    ("complaint", "deduction", "service", "service", "5", None, None),
    ("callback", "deduction", "service", "service", "2", None, None),
    ("qa", "deduction", "post_quality", "procedures", "3", "80", None),
    ("phrase", "deduction", "service", "ethics", "1", None, None),
    ("kpi_response", "deduction", "efficiency", "results", "2", "60", None),
    ("kpi_satisfaction", "deduction", "service", "service", "3", "0.90", None),
    ("kpi_on_time", "deduction", "efficiency", "results", "3", "0.90", None),
    ("praise", "points", "", "", "2", None, "10"),
    ("on_time", "points", "", "", "0.1", None, "5"),
]
