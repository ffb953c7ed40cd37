"""Deterministic Chinese filler text for the demo portal: titles and paragraphs.

Every function takes a ``random.Random`` seeded from a stable string, so the same key always
yields the same text (string seeds are hashed with SHA-512, independent of PYTHONHASHSEED).
The phrase banks use only correct official wording: defects are planted elsewhere, on purpose.
"""

from __future__ import annotations

import random

COUNTY = "示范县"

UNITS = (
    "县发展和改革局", "县教育局", "县卫生健康局", "县农业农村局", "县自然资源局", "县住房和城乡建设局",
    "县交通运输局", "县水利局", "县文化和旅游局", "县市场监督管理局", "县应急管理局", "县民政局",
    "县人力资源和社会保障局", "县财政局", "县生态环境局", "县商务局", "县医疗保障局", "县林业局",
)
TOWNS = ("城关镇", "东岭镇", "西溪乡", "南山镇", "北川乡", "桃源镇", "清水乡")
# topic -> the unit that would report on it
TOPIC_UNITS = {
    "安全生产": "县应急管理局", "森林防火": "县林业局", "乡村振兴": "县农业农村局", "营商环境": "县发展和改革局",
    "耕地保护": "县自然资源局", "防汛备汛": "县水利局", "文明城市创建": "县住房和城乡建设局",
    "食品安全": "县市场监督管理局", "义务教育": "县教育局", "医疗保障": "县医疗保障局", "社会救助": "县民政局",
    "生态环境保护": "县生态环境局", "河长制": "县水利局", "消防安全": "县应急管理局",
    "就业创业": "县人力资源和社会保障局", "养老服务": "县民政局", "农村人居环境整治": "县农业农村局",
    "优化政务服务": "县发展和改革局", "招商引资": "县商务局", "冬春季疫病防控": "县卫生健康局",
    "高标准农田建设": "县农业农村局", "城乡供水": "县水利局", "农村公路养护": "县交通运输局", "林长制": "县林业局",
    "文化惠民": "县文化和旅游局", "财政资金监管": "县财政局",
}
TOPICS = tuple(TOPIC_UNITS)
ACTIONS = ("工作会议", "专题会议", "推进会", "调度会", "培训班", "座谈会", "现场会", "部署会")
DOINGS = ("开展", "启动", "推进", "部署", "深化", "组织开展")
CAMPAIGNS = ("专项行动", "集中整治", "大排查", "宣传月活动", "督导检查", "联合执法")
NOTICE_KINDS = (
    "关于做好{topic}工作的通知", "关于开展{topic}{campaign}的通知", "关于{topic}有关事项的公告",
    "关于印发{topic}工作要点的通知", "关于{topic}项目的公示", "关于调整{topic}工作领导小组成员的通知",
)

SENTENCES = (
    "会议强调，各乡镇、各部门要提高政治站位，切实把{topic}工作摆在突出位置，压实工作责任。",
    "{unit}主要负责同志介绍了前一阶段{topic}工作进展情况，并对下一步工作作了具体安排。",
    "据了解，今年以来全县累计投入资金{num}万元，完成{topic}重点任务{small}项。",
    "下一步，{county}将继续坚持问题导向，细化工作措施，确保各项任务按期完成。",
    "活动现场，工作人员向过往群众发放宣传资料{num}余份，解答群众咨询{small}人次。",
    "与会人员围绕{topic}工作中存在的困难和问题进行了深入交流，提出了意见建议。",
    "{unit}将加强统筹协调，建立健全长效机制，推动{topic}工作常态化、规范化开展。",
    "此次检查共发现问题{small}处，已当场整改{small}处，其余问题均明确了整改责任人和整改时限。",
    "各责任单位要按照职责分工，密切协作配合，形成工作合力，确保取得实效。",
    "截至目前，全县已有{small}个村（社区）完成{topic}工作任务，覆盖群众{num}余人。",
    "{county}{unit}相关负责人表示，将以此次活动为契机，进一步提升服务水平。",
    "会议要求，要加强宣传引导，及时回应群众关切，营造良好社会氛围。",
)


def rng_for(*key: object) -> random.Random:
    """A Random seeded by a stable string made from ``key``."""
    return random.Random("\x1f".join(str(k) for k in key))


def _fill(template: str, rnd: random.Random, topic: str, unit: str) -> str:
    return template.format(
        topic=topic, unit=unit, county=COUNTY,
        num=rnd.randrange(120, 9800), small=rnd.randrange(2, 60),
        campaign=rnd.choice(CAMPAIGNS),
    )


def news_title(rnd: random.Random) -> tuple[str, str, str]:
    """(title, topic, unit) of a 动态/要闻 item."""
    topic = rnd.choice(TOPICS)
    unit = TOPIC_UNITS[topic]
    shape = rnd.randrange(4)
    if shape == 0:
        title = f"{COUNTY}召开{topic}{rnd.choice(ACTIONS)}"
    elif shape == 1:
        title = f"{unit}{rnd.choice(DOINGS)}{topic}{rnd.choice(CAMPAIGNS)}"
    elif shape == 2:
        title = f"{rnd.choice(TOWNS)}扎实推进{topic}工作"
    else:
        title = f"{COUNTY}{topic}工作取得阶段性成效"
    return title, topic, unit


def notice_title(rnd: random.Random) -> tuple[str, str, str]:
    topic = rnd.choice(TOPICS)
    unit = TOPIC_UNITS[topic]
    title = unit + rnd.choice(NOTICE_KINDS).format(topic=topic, campaign=rnd.choice(CAMPAIGNS))
    return title, topic, unit


def paragraphs(rnd: random.Random, topic: str, unit: str, count: int | None = None) -> list[str]:
    """A few paragraphs of official prose about ``topic``."""
    n = count or rnd.randrange(3, 6)
    out = []
    for _ in range(n):
        picks = rnd.sample(SENTENCES, 2)
        out.append("".join(_fill(s, rnd, topic, unit) for s in picks))
    return out
