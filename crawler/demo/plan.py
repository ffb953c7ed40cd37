"""The demo portal's content plan: columns, planted defects, negative controls, filler.

Everything here is data: which column exists, which article carries which defect, what
revision 2 changes. Rendering lives in :mod:`trs`, :mod:`hanweb` and :mod:`pages`.
The fixed part (defects and controls) never depends on ``pages`` or ``seed``; only the filler
articles do, so defect URLs are the same at every scale.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from . import prose
from .model import Article, Column
from .paths import hanweb_article, trs_article, trs_attachment_name

DEMO_AS_OF = date(2026, 11, 20)
REV2_DATE = date(2026, 11, 27)  # "next week": Last-Modified of pages revision 2 edits


def d(days_before: int) -> date:
    return DEMO_AS_OF - timedelta(days=days_before)


HOME = ("首页", "/")
ZWGK = ("政务公开", "/zwgk/index.html")
XXGK = ("政府信息公开", "/zwgk/zfxxgk/index.html")
FDZD = ("法定主动公开内容", "/zwgk/zfxxgk/fdzdgknr/index.html")
ZDLY = ("重点领域信息公开", "/zwgk/zdly/index.html")
XWZX = ("新闻中心", "/xwzx/index.html")
GXZ = ("各乡镇", "/zwgk/gxz/index.html")
NYJ = ("县农业农村局", "/gbk/nyj/index.html")

# Link targets of the link-check defects (paths served specially by the portal).
MISSING_PAGE = "/zwgk/gzdt/202608/t20260815_1099999.html"
SOFT_404 = "/zwgk/tzgg/202607/t20260701_1088888.html"
FORBIDDEN = "/xxgk/sjfb/index.html"
TOO_MANY = "/hdjl/dczj/index.html"
UNAVAILABLE = "/zxft/index.html"
LOOP_A, LOOP_B = "/loop/a", "/loop/b"
SLOW = "/zwgk/tjgb/2025.html"
OVERSIZE = "/zwgk/tjnj/2025.html"
PRIVATE = "/private/draft.html"
MOVED = "/zwgk/gkml/index.html"  # HTTP 301 to the 政府信息公开 nav page
META_REFRESH = "/zwgk/old/index.html"
SCRIPT_REDIRECT = "/xxgk/index.html"
IFRAME_PAGE = "/zwgk/zfxxgk/ysqgk/index.html"
IFRAME_SRC = "/ysqgk/form.html"
# Personal numbers planted unmasked on one 公示 page (privacy.exposed): two resident IDs with valid
# check digits, two mobiles, one bank card passing Luhn. No report may ever show them in full.
PRIVATE_NUMBERS = ("350102199003071234", "359902198506120023", "13812345678", "13956781234",
                   "6222021234567890128")
EXT_OK = "{EXTERNAL}/"
EXT_GONE = "{EXTERNAL}/old/index.html"
DEAD_LINK = "{DEAD}/"


@dataclass
class Nav:
    """A navigation page: only links to child columns."""

    key: str
    name: str
    path: str
    crumbs: list[tuple[str, str]]
    children: list[tuple[str, str]]
    charset: str = "utf-8"


@dataclass
class Plan:
    columns: dict[str, Column] = field(default_factory=dict)
    navs: dict[str, Nav] = field(default_factory=dict)
    expected: list[dict] = field(default_factory=list)  # each with "revs"
    controls: list[dict] = field(default_factory=list)
    rev2_modified: set[str] = field(default_factory=set)  # pages revision 2 edits in place
    attachments: set[str] = field(default_factory=set)  # attachment paths that exist
    attachment_kinds: dict[str, str] = field(default_factory=dict)  # path -> real file (demo/files.py)
    stale_home: bool = False

    def column_of(self, key: str) -> Column:
        return self.columns[key]


class PlanBuilder:
    """Builds a :class:`Plan`: fixed columns, defects and controls, then filler."""

    def __init__(self, *, pages: int, seed: int, stale_home: bool = False):
        self.pages = pages
        self.seed = seed
        self.plan = Plan(stale_home=stale_home)
        self.trs_id = 1000100
        self.han_id = 2000100

    # -- bookkeeping -------------------------------------------------------------------
    def expect(self, rule: str, url: str, note: str, target: str = "", revs: tuple[int, ...] = (1, 2),
               **extra) -> None:
        self.plan.expected.append({"rule": rule, "url": url, "target": target, "note": note, "revs": revs,
                                   **extra})

    def control(self, rule: str, url: str, why: str, target: str = "", note: str = "",
                revs: tuple[int, ...] = (1, 2)) -> None:
        self.plan.controls.append({"rule": rule, "url": url, "target": target, "note": note,
                                   "why": why, "revs": revs})

    def column(self, key: str, name: str, cms: str, index_path: str, crumbs, **kw) -> Column:
        col = Column(key=key, name=name, cms=cms, index_path=index_path, crumbs=list(crumbs), **kw)
        self.plan.columns[key] = col
        return col

    def nav(self, key: str, name: str, path: str, crumbs, children: list[str], charset: str = "utf-8") -> Nav:
        nav = Nav(key, name, path, list(crumbs), [], charset)
        nav.children = [(c, "") for c in children]  # resolved in finish(): column key or @nav key
        self.plan.navs[key] = nav
        return nav

    def add(self, key: str, title: str, day: date, **kw) -> Article:
        """A fixed article in column ``key``; its path follows the column's CMS dialect."""
        col = self.plan.columns[key]
        if col.cms == "hanweb":
            self.han_id += 1
            path = hanweb_article(col.colid, day, self.han_id)
        else:
            self.trs_id += 1
            ext = "htm" if col.charset != "utf-8" else col.ext
            path = trs_article(col.base, day, self.trs_id, ext)
        kw.setdefault("charset", col.charset)
        art = Article(path=path, column=key, title=title, date=day, seed_key=path, **kw)
        if not art.topic:
            art.topic, art.unit = "政务公开", "县政府办公室"
        col.articles.append(art)
        return art

    def attach(self, art: Article, serial: int, ext: str, name: str, exists: bool = True) -> str:
        """A TRS P020… attachment beside ``art``; returns its root-relative path."""
        fname = trs_attachment_name(art.date, serial, ext)
        art.attachments.append(("./" + fname, name))
        path = art.path.rsplit("/", 1)[0] + "/" + fname
        if exists:
            self.plan.attachments.add(path)
        return path

    # -- the whole plan ------------------------------------------------------------------
    def build(self) -> Plan:
        self.columns()
        self.news_and_staleness()
        self.documents_and_interpretations()
        self.disclosure_duties()
        self.catalog()
        self.typos()
        self.privacy_and_identity()
        self.expressions()
        self.links()
        self.gbk_section()
        self.revision2()
        self.filler()
        self.finish()
        return self.plan

    def columns(self) -> None:
        c = self.column
        z = [HOME, ZWGK]
        x = [HOME, ZWGK, XXGK, FDZD]
        c("gzdt", "工作动态", "trs", "/zwgk/gzdt/index.html", z)
        c("tzgg", "通知公告", "trs", "/zwgk/tzgg/index.html", z, column_type="政策文件")
        c("jcdt", "基层动态", "trs", "/zwgk/jcdt/index.html", z, show_dates=False)
        c("zcwj", "政策文件", "trs", "/zwgk/zcwj/index.html", x, column_type="政策文件")
        c("gfxwj", "行政规范性文件", "trs", "/zwgk/gfxwj/index.shtml", x, column_type="政策文件", ext="shtml")
        c("zcjd", "政策解读", "trs", "/zwgk/zcjd/index.html", x, column_type="政策解读")
        c("rsxx", "人事信息", "trs", "/zwgk/rsxx/index.html", x, column_type="信息公开目录")
        c("ghjh", "规划计划", "trs", "/zwgk/ghjh/index.html", x, column_type="信息公开目录")
        c("jgzn", "机构职能", "trs", "/zwgk/jgzn/index.html", x, column_type="机构职能")
        c("ldxx", "领导信息", "trs", "/zwgk/ldxx/index.html", x, column_type="负责人信息")
        c("gkzn", "政府信息公开指南", "trs", "/zwgk/zfxxgk/gkzn/index.html", [HOME, ZWGK, XXGK], column_type="信息公开指南")
        c("gkzd", "政府信息公开制度", "trs", "/zwgk/zfxxgk/gkzd/index.html", [HOME, ZWGK, XXGK], column_type="信息公开目录")
        c("ndbg", "政府信息公开年报", "trs", "/zwgk/zfxxgk/ndbg/index.html", [HOME, ZWGK, XXGK], column_type="信息公开年报")
        c("bzml", "基层政务公开事项标准目录", "trs", "/zwgk/zfxxgk/bzml/index.html", [HOME, ZWGK, XXGK],
          column_type="信息公开目录")
        c("czyjs", "财政预决算", "trs", "/zwgk/zdly/czyjs/index.html", x + [ZDLY], column_type="信息公开目录")
        c("shjz", "社会救助", "trs", "/zwgk/zdly/shjz/index.html", x + [ZDLY], column_type="信息公开目录")
        c("ywjy", "义务教育", "trs", "/zwgk/zdly/ywjy/index.html", x + [ZDLY], column_type="信息公开目录")
        h = [HOME, XWZX]
        c("ywdt", "要闻动态", "hanweb", "/col/col1001/index.html", h, colid=1001, unitid="4562")
        c("bmdt", "部门动态", "hanweb", "/col/col1002/index.html", h, colid=1002, unitid="4563")
        c("bwj", "县政府办公室文件", "hanweb", "/col/col1003/index.html", x, colid=1003, unitid="4564",
          column_type="政策文件")
        c("ylfw", "养老服务", "hanweb", "/col/col1010/index.html", x + [ZDLY], colid=1010, unitid="4571",
          column_type="信息公开目录")
        c("ggwh", "公共文化服务", "hanweb", "/col/col1011/index.html", x + [ZDLY], colid=1011, unitid="4572",
          column_type="信息公开目录")
        c("snbt", "涉农补贴", "hanweb", "/col/col1012/index.html", x + [ZDLY], colid=1012, unitid="4573",
          column_type="信息公开目录")
        t = [HOME, ZWGK, GXZ]
        c("cgz", "城关镇动态", "hanweb", "/col/col2001/index.html", t, colid=2001, unitid="5101")
        c("dlz", "东岭镇动态", "hanweb", "/col/col2002/index.html", t, colid=2002, unitid="5102")
        c("xxx", "西溪乡动态", "hanweb", "/col/col2003/index.html", t, colid=2003, unitid="5103")
        c("nsz", "南山镇动态", "hanweb", "/col/col2004/index.html", t, colid=2004, unitid="5104")
        c("xzxx", "县长信箱", "jsonlist", "/hdjl/xzxx/index.html", [HOME, ("互动交流", "")], column_type="咨询投诉")
        g = [HOME, NYJ]
        c("nygzdt", "农业工作动态", "trs", "/gbk/nyj/gzdt/index.html", g, charset="header")
        c("nytzgg", "通知公告", "trs", "/gbk/nyj/tzgg/index.html", g, charset="meta")
        c("njtg", "农技推广", "trs", "/gbk/nyj/njtg/index.html", g, charset="meta")

        n = self.nav
        n("zwgk", "政务公开", "/zwgk/index.html", [HOME],
          ["gzdt", "tzgg", "jcdt", "@xxgk", "zcwj", "gfxwj", "zcjd", "rsxx", "ghjh", "@zdly", "@gxz"])
        n("xxgk", "政府信息公开", "/zwgk/zfxxgk/index.html", [HOME, ZWGK],
          ["gkzn", "gkzd", "@fdzd", "ndbg", "bzml", "@ysqgk"])
        n("fdzd", "法定主动公开内容", FDZD[1], [HOME, ZWGK, XXGK],
          ["jgzn", "ldxx", "zcwj", "gfxwj", "bwj", "zcjd", "ghjh", "rsxx", "@zdly"])
        n("zdly", "重点领域信息公开", ZDLY[1], [HOME, ZWGK, XXGK, FDZD], ["shjz", "ywjy", "ylfw", "ggwh", "snbt", "czyjs"])
        n("xwzx", "新闻中心", XWZX[1], [HOME], ["ywdt", "bmdt", "gzdt", "@gxz"])
        n("gxz", "各乡镇", GXZ[1], [HOME, ZWGK], ["cgz", "dlz", "xxx", "nsz"])
        n("nyj", "县农业农村局", NYJ[1], [HOME], ["nygzdt", "nytzgg", "njtg"], charset="header")

        for key in ("shjz", "ywjy", "ylfw", "ggwh", "snbt", "njtg"):
            col = self.plan.columns[key]
            revs = (1,) if key == "snbt" else (1, 2)
            self.expect("column.blank", col.index_path, f"空白栏目「{col.name}」（{col.cms}）：列表为空，显示暂无信息",
                        revs=revs)
        for key, why in (("xxgk", "政府信息公开导航页，只链接子栏目"), ("zwgk", "政务公开导航页"),
                         ("zdly", "重点领域导航页"), ("gxz", "各乡镇导航页")):
            self.control("column.blank", self.plan.navs[key].path, why)
        for nav in self.plan.navs.values():
            self.control("column.stale", nav.path, f"「{nav.name}」是导航页（只链接子栏目），不按列表栏目判更新")
        self.control("column.blank", "/hdjl/xzxx/index.html",
                     "县长信箱列表由脚本从 /api/list?col=xzxx 取 JSON 填充：应记为无法核验，不是空白栏目")
        self.control("column.stale", "/hdjl/xzxx/index.html", "脚本填充的列表无法核验，不判更新")

    def news_and_staleness(self) -> None:
        fresh = {"gzdt": 1, "tzgg": 2, "ywdt": 0, "cgz": 10}
        stale = {"bmdt": 31, "dlz": 23, "xxx": 51, "nsz": 17}
        for key, age in {**fresh, **stale}.items():
            for i in range(3 if key in stale else 2):
                rnd = prose.rng_for("fixed", key, i)
                title, topic, unit = (prose.notice_title if key == "tzgg" else prose.news_title)(rnd)
                self.add(key, title, d(age + 3 * i), topic=topic, unit=unit)
        for key, age in fresh.items():
            col = self.plan.columns[key]
            self.control("column.stale", col.index_path, f"最新信息 {d(age)}，未超期", note=f"newest {d(age)}")
        for key, age in stale.items():
            col = self.plan.columns[key]
            self.expect("column.stale", col.index_path,
                        f"动态类栏目「{col.name}」最新信息 {d(age)}，距 {DEMO_AS_OF} 已 {age} 天（超过 2 周）")
        # 基层动态: rows show no date at all -> counts as not updated.
        for i in range(5):
            rnd = prose.rng_for("fixed", "jcdt", i)
            title, topic, unit = prose.news_title(rnd)
            self.add("jcdt", title, d(2 + 4 * i), topic=topic, unit=unit)
        self.expect("column.stale", "/zwgk/jcdt/index.html", "动态类栏目「基层动态」列表条目不显示发布日期：视为未更新")
        # 1-year duty columns: 人事信息 fresh enough, 规划计划 stale.
        for i, title in enumerate(("示范县人民政府关于王某某等同志职务任免的通知",
                                   "示范县2026年公开招聘事业单位工作人员公告",
                                   "示范县2026年公开招聘事业单位工作人员拟聘用人员公示",
                                   "示范县人民政府关于李某某同志任职的通知",
                                   "示范县2025年公开招聘社区工作者公告")):
            self.add("rsxx", title, d(150 + 40 * i), topic="人事", unit="县人力资源和社会保障局")
        self.control("column.stale", "/zwgk/rsxx/index.html", "人事信息为一年更新类，最新信息 150 天前，未超期")
        for i, title in enumerate(("示范县国民经济和社会发展第十四个五年规划纲要实施情况中期评估报告",
                                   "示范县2025年国民经济和社会发展计划",
                                   "示范县国土空间总体规划（2021—2035年）公示")):
            self.add("ghjh", title, date(2025, 9, 15) - timedelta(days=120 * i), topic="规划", unit="县发展和改革局")
        self.expect("column.stale", "/zwgk/ghjh/index.html", "一年更新类栏目「规划计划」最新信息 2025-09-15，超过 1 年")
        # Static columns with old items: never stale.
        static = {
            "jgzn": ("示范县人民政府办公室主要职责", "示范县人民政府工作部门设置情况", "示范县乡镇（街道）机构设置"),
            "ldxx": ("县长", "常务副县长", "副县长（分管农业农村）", "副县长（分管教育卫生）"),
            "gkzn": ("示范县人民政府信息公开指南",),
            "gkzd": ("示范县政府信息公开保密审查制度", "示范县政府信息主动公开制度"),
        }
        bodies = {  # planted for unit.page_missing and platform.columns (see disclosure_duties)
            "示范县人民政府工作部门设置情况": ["示范县人民政府设置工作部门，依法履行职责。",
                                     "新设工作部门：县教育局、县应急管理局。"],
            "示范县乡镇（街道）机构设置": ["乡镇：城关镇、东岭镇、西溪乡、南山镇。", "县直部门：县农业农村局。"],
            "示范县人民政府信息公开指南": ["本指南说明向示范县人民政府申请获取政府信息的方式。",
                                   "政府信息公开工作机构：示范县人民政府办公室。办公地址：示范县人民路1号。",
                                   "办公时间：工作日上午8:00—12:00，下午14:30—17:30。联系电话：0599-1234567。",
                                   "电子邮箱：zwgk@sfx.example.gov.cn。"],
        }
        for key, titles in static.items():
            for i, title in enumerate(titles):
                self.add(key, title, date(2021, 3, 1) - timedelta(days=200 * i), topic="政务公开",
                         unit="县政府办公室", body=bodies.get(title))
            col = self.plan.columns[key]
            self.control("column.stale", col.index_path, f"静态类栏目「{col.name}」内容长期不变属正常")
        for year in range(2021, 2026):
            late = year == 2025  # report.annual_late: published after 31 March
            report = self.add("ndbg", f"示范县人民政府{year}年政府信息公开工作年度报告",
                              date(2026, 4, 8) if late else date(year + 1, 1, 25), topic="政务公开", unit="县政府办公室")
            if late:
                self.expect("report.annual_late", report.path, "2025 年度报告 2026-04-08 才发布，晚于 3 月 31 日")
        self.control("column.stale", "/zwgk/zfxxgk/ndbg/index.html", "年报按年发布，最新 2026-04-08")
        home_note = "首页要闻动态、通知公告均有 2 周内的信息"
        if self.plan.stale_home:
            self.expect("site.homepage_stale", "/", "stale_home=True：首页仅显示 20 天以前的信息")
        else:
            self.control("site.homepage_stale", "/", home_note)

    def documents_and_interpretations(self) -> None:
        doc, interp = self.doc, self.interp

        # A: linked both ways (control). Hanweb document, TRS interpretation.
        a_name = "示范县农村人居环境整治提升五年行动实施方案"
        doc_a = doc("bwj", f"示范县人民政府办公室关于印发{a_name}的通知", "示政办〔2026〕7号", d(40),
                    "示范县人民政府办公室", body=[f"各乡镇人民政府，县直有关单位：《{a_name}》已经县政府同意，现印发给你们，请认真贯彻执行。"])
        int_a = interp(f"关于《{a_name}》的政策解读", d(39),
                       [f"近日，县政府办公室印发了《{a_name}》（示政办〔2026〕7号），现就有关内容解读如下。",
                        "一、制定背景。二、主要内容。三、保障措施。"])
        doc_a.related.append((int_a.path, int_a.title, False))
        int_a.back_links.append((doc_a.path, doc_a.title))
        self.control("interpretation.unlinked", doc_a.path, "文件与解读双向链接", target=int_a.path)
        self.control("interpretation.unlinked", int_a.path, "解读页有原文链接", target=doc_a.path)
        self.control("doc.number_malformed", doc_a.path, "规范文号 示政办〔2026〕7号", note="示政办〔2026〕7号")
        # B: the document lacks the link to its interpretation.
        b_name = "示范县促进民营经济高质量发展若干措施"
        doc_b = doc("zcwj", f"示范县人民政府关于印发{b_name}的通知", "示政〔2026〕3号", d(60),
                    body=[f"各乡镇人民政府，县直各单位：现将《{b_name}》印发给你们，请结合实际认真组织实施。"])
        int_b = interp(f"图解《{b_name}》", d(58), [f"一图看懂《{b_name}》的主要内容：二十条措施支持民营企业发展。"])
        int_b.back_links.append((doc_b.path, doc_b.title))
        self.expect("interpretation.unlinked", doc_b.path, "文件页缺少到其解读（图解）的相关解读链接", target=int_b.path)
        # C: the interpretation lacks the back-link (revision 2 adds it).
        c_name = "示范县城乡居民基本医疗保险实施办法"
        doc_c = doc("zcwj", f"示范县人民政府关于印发{c_name}的通知", "示政〔2026〕8号", d(75),
                    body=[f"各乡镇人民政府，县直有关单位：《{c_name}》已经县人民政府第12次常务会议研究通过，现印发给你们。"])
        int_c = interp(f"一图读懂《{c_name}》", d(74), [f"《{c_name}》明确了参保范围、筹资标准和待遇保障。"])
        doc_c.related.append((int_c.path, int_c.title, False))
        int_c.rev2 = {"back_links": [(doc_c.path, doc_c.title)]}
        self.plan.rev2_modified.add(int_c.path)
        self.expect("interpretation.unlinked", int_c.path, "解读页缺少到原文件的链接（第 2 版已补上）",
                    target=doc_c.path, revs=(1,))
        # D: linked only through a display:none 相关解读 block -> counted as NOT linked.
        d_name = "示范县行政规范性文件管理办法"
        doc_d = doc("gfxwj", f"示范县人民政府关于印发{d_name}的通知", "示政规〔2025〕1号", d(300))
        int_d = interp(f"县司法局负责人就《{d_name}》答记者问", d(299),
                       [f"问：出台《{d_name}》的背景是什么？答：为加强行政规范性文件管理，推进依法行政。"])
        doc_d.related.append((int_d.path, int_d.title, True))
        int_d.back_links.append((doc_d.path, doc_d.title))
        self.expect("interpretation.unlinked", doc_d.path,
                    "相关解读链接只在 display:none 的隐藏区块里，访问者看不到：按未关联处理", target=int_d.path)
        self.control("doc.number_malformed", doc_d.path, "规范文号 示政规〔2025〕1号", note="示政规〔2025〕1号")
        doc_g = doc("gfxwj", "示范县人民政府关于印发示范县城市道路挖掘管理办法的通知", "示政规〔2026〕2号", d(45),
                    body=["各乡镇人民政府，县直有关单位：《示范县城市道路挖掘管理办法》已经县政府同意，现印发给你们。"])
        self.control("doc.number_malformed", doc_g.path, "规范文号 示政规〔2026〕2号", note="示政规〔2026〕2号")
        self.expect("interpretation.missing", doc_g.path, "行政规范性文件（示政规〔2026〕2号）本站没有任何解读")
        self.control("interpretation.missing", doc_c.path, "实施办法有“一图读懂”解读")
        self.control("interpretation.missing", doc_d.path, "管理办法（示政规）有答记者问解读")
        self.control("column.stale", "/zwgk/gfxwj/index.shtml", f"行政规范性文件最新信息 {d(45)}，未超过 6 个月")
        # E: interpretation of a document that is not on this site (control).
        int_e = interp("关于《示州市城市绿化管理条例》的政策解读", d(90),
                       ["《示州市城市绿化管理条例》由市人大常委会审议通过，现将主要内容解读如下。"])
        self.control("interpretation.unlinked", int_e.path, "所解读的文件不在本站，不应报告")
        self.control("column.stale", "/zwgk/zcjd/index.html", f"政策解读最新信息 {d(39)}，未超过 6 个月")

        # 文号遗漏: one with no number anywhere, one cited elsewhere with its number.
        m1 = doc("zcwj", "示范县人民政府关于成立示范县森林防灭火指挥部的通知", "", d(95),
                 body=["各乡镇人民政府，县直有关单位：为加强森林防灭火工作的组织领导，经研究，决定成立示范县森林防灭火指挥部。"])
        self.expect("doc.number_missing", m1.path, "政策文件元数据与正文开头均无发文字号")
        self.control("interpretation.missing", m1.path, "成立指挥部的通知不是规章或规范性文件，不要求解读")
        m2_title = "示范县人民政府关于公布示范县第一批县级非物质文化遗产代表性项目名录的通知"
        m2 = doc("zcwj", m2_title, "无", d(110),
                 body=["各乡镇人民政府，县直有关单位：县人民政府批准命名第一批县级非物质文化遗产代表性项目名录，现予公布。"])
        citing = self.add("tzgg", "县文化和旅游局关于组织申报第二批县级非物质文化遗产代表性项目的通知", d(20),
                          topic="公共文化服务", unit="县文化和旅游局", source="县文化和旅游局",
                          body=[f"根据《{m2_title}》（示政〔2026〕9号）要求，现组织开展第二批县级非物质文化遗产代表性项目申报工作。",
                                "请各乡镇于12月15日前将申报材料报送县文化和旅游局。"])
        self.expect("doc.number_missing", m2.path,
                    f"文号写作「无」；{citing.path} 引用该文件时写明文号，建议补录 示政〔2026〕9号")
        # 发文字号不规范.
        bad = [("zcwj", "示政〔2026〕 12号", "文号中有空格"),
               ("zcwj", "示政(2026)12号", "年份应使用六角括号〔〕"),
               ("zcwj", "示政[2026]12号", "年份应使用六角括号〔〕"),
               ("zcwj", "示政〔26〕5号", "年份应为四位"),
               ("bwj", "示政〔2026〕第5号", "不应加“第”字"),
               ("bwj", "示政〔2026〕05号", "序号不应编虚位")]
        topics = ("城区停车秩序管理", "农村集体经济组织财务管理", "县级储备粮管理", "城镇燃气安全管理",
                  "政府投资项目评审", "农村宅基地审批管理")
        for (key, number, fault), topic in zip(bad, topics, strict=True):
            art = doc(key, f"示范县人民政府关于印发示范县{topic}办法的通知", number, d(130 + 9 * len(topic)),
                      body=[f"各乡镇人民政府，县直有关单位：《示范县{topic}办法》已经县政府研究同意，现印发给你们，请遵照执行。"])
            self.expect("interpretation.missing", art.path, f"《示范县{topic}办法》属规范性文件，本站没有解读")
            if number == "示政(2026)12号":
                art.rev2 = {"meta": dict(art.meta, 文号="示政〔2026〕12号")}
                self.plan.rev2_modified.add(art.path)
                self.expect("doc.number_malformed", art.path, f"{number}：{fault}（第 2 版已改正）", revs=(1,))
            else:
                self.expect("doc.number_malformed", art.path, f"{number}：{fault}")

    def disclosure_duties(self) -> None:
        """Planted defects and controls of the disclosure-duty rules (issue 14)."""
        doc, interp = self.doc, self.interp
        # interpretation.late: a 解读 ten working days after its document; one across 国庆 that is in time.
        l_name = "示范县农村饮用水工程运行管理办法"
        doc_l = doc("zcwj", f"示范县人民政府关于印发{l_name}的通知", "示政〔2026〕21号", date(2026, 9, 1),
                    body=[f"各乡镇人民政府，县直有关单位：《{l_name}》已经县政府同意，现印发给你们。"])
        int_l = interp(f"关于《{l_name}》的政策解读", date(2026, 9, 15),
                       [f"《{l_name}》（示政〔2026〕21号）明确了工程产权、管护责任和水价机制，现解读如下。"])
        self.linked(doc_l, int_l)
        self.expect("interpretation.late", int_l.path, "解读 2026-09-15 发布，文件 2026-09-01：晚 10 个工作日", target=doc_l.path)
        self.control("interpretation.missing", doc_l.path, "有解读（虽然晚发）")
        h_name = "示范县2026年冬春农田水利建设工作方案"
        doc_h = doc("zcwj", f"示范县人民政府关于印发{h_name}的通知", "示政〔2026〕22号", date(2026, 9, 30),
                    body=[f"各乡镇人民政府：现将《{h_name}》印发给你们，请认真组织实施。"])
        int_h = interp(f"《{h_name}》政策解读", date(2026, 10, 9), [f"《{h_name}》明确了年度建设任务，现解读如下。"])
        self.linked(doc_h, int_h)
        self.control("interpretation.late", int_h.path, "相隔 9 天，但国庆假期后只有 2 个工作日")
        for path in (self.plan.columns["zcjd"].articles[0].path, self.plan.columns["zcjd"].articles[1].path):
            self.control("interpretation.late", path, "解读与文件相隔 1—2 个工作日")
        # doc.late: 成文日期 → 发布日期 in official working days.
        late = doc("zcwj", "示范县人民政府关于调整城乡居民最低生活保障标准的通知", "示政〔2026〕23号", date(2026, 9, 14),
                   written=date(2026, 8, 3), body=["各乡镇人民政府，县直有关单位：经县政府研究，决定调整城乡居民最低生活保障标准。"])
        self.expect("doc.late", late.path, "成文 2026-08-03，发布 2026-09-14：30 个工作日，超过 20 个")
        timely = doc("zcwj", "示范县人民政府关于做好2026年秋冬季森林防火工作的通知", "示政〔2026〕24号", date(2026, 10, 27),
                     written=date(2026, 9, 28), body=["各乡镇人民政府，县直有关单位：现就做好秋冬季森林防火工作通知如下。"])
        self.control("doc.late", timely.path, "成文 2026-09-28，发布 2026-10-27：21 个周一至周五，但国庆假期后只有 17 个工作日")
        self.control("doc.late", self.plan.columns["zcwj"].articles[0].path, "成文日期与发布日期同日")
        # doc.disclosure_missing: no 公开方式 in the block; a control that says (此件主动公开) in the text.
        bare = doc("zcwj", "示范县人民政府关于公布2026年县级重点项目名单的通知", "示政〔2026〕25号", date(2026, 10, 12),
                   disclosure=None, body=["各乡镇人民政府，县直有关单位：现将2026年县级重点项目名单予以公布。"])
        self.expect("doc.disclosure_missing", bare.path, "元数据没有公开方式，正文也没有“此件主动公开”")
        noted = doc("zcwj", "示范县人民政府关于做好冬季农村道路交通安全工作的通知", "示政〔2026〕26号", date(2026, 10, 14),
                    disclosure=None, body=["各乡镇人民政府：请做好冬季农村道路交通安全工作。",
                                           "示范县人民政府　2026年10月13日", "（此件主动公开）"])
        self.control("doc.disclosure_missing", noted.path, "元数据没有公开方式，但正文末尾写明（此件主动公开）")
        self.control("doc.disclosure_missing", late.path, "元数据写明公开方式：主动公开")
        # unit.page_missing: the 机构职能 articles name the units (see news_and_staleness).
        units, towns = self.plan.columns["jgzn"].articles[1:3]
        self.expect("unit.page_missing", units.path, "县教育局没有公开页面", unit="县教育局")
        self.expect("unit.page_missing", units.path, "县应急管理局没有公开页面", unit="县应急管理局")
        self.control("unit.page_missing", towns.path, "城关镇、东岭镇、西溪乡、南山镇、县农业农村局都有有信息的栏目")
        # platform.columns: the 指南 names office, address, hours, phone and e-mail but no 传真.
        guide = self.plan.columns["gkzn"].articles[0]
        self.expect("platform.columns", guide.path, "公开指南没有传真号码（条例第十二条）")
        self.control("platform.columns", "/", "指南、制度、法定主动公开内容、年报四个栏目齐全")
        # site-level controls: the columns and entrances exist.
        self.control("interpretation.column_missing", "/", "政府信息公开 > 法定主动公开内容 > 政策解读 栏目存在")
        self.control("interpretation.column_missing", "/zwgk/zcjd/index.html", "政策解读栏目有信息")
        self.control("catalog.missing", "/", "政府信息公开 > 基层政务公开事项标准目录 栏目存在")
        self.control("catalog.missing", "/zwgk/zfxxgk/bzml/index.html", "标准目录栏目有信息")
        self.control("site.entrances", "/", "导航有“互动交流”（县长信箱）和“政务服务”入口，均可打开")
        self.control("report.annual_late", "/zwgk/zfxxgk/ndbg/index.html", "年报栏目有 2025 年度报告（只是晚发）")

    def catalog(self) -> None:
        """The 基层政务公开事项标准目录 column: five domain catalogs, one lacking two elements."""
        full = ("序号", "公开事项（一级）", "公开事项（二级）", "公开内容（要素）", "公开依据", "公开时限", "公开主体",
                "公开渠道和载体", "公开对象", "公开方式", "公开层级")
        part = ("序号", "公开事项", "公开内容", "公开时限", "公开主体", "公开渠道和载体", "公开方式")
        rows = {
            "社会救助": ("最低生活保障", "审批结果", "对象姓名、保障金额", "《社会救助暂行办法》", "20个工作日内", "县民政局"),
            "义务教育": ("招生入学", "招生政策", "招生范围、报名时间", "", "20个工作日内", "县教育局"),
            "财政预决算": ("政府预算", "预算公开", "预算报告、预算表", "《中华人民共和国预算法》", "批准后20日内", "县财政局"),
            "涉农补贴": ("耕地地力保护补贴", "补贴发放", "补贴对象、补贴标准", "财政部有关规定", "发放后20个工作日内", "县农业农村局"),
            "户籍管理": ("户口登记", "办理指南", "办理条件、所需材料", "《中华人民共和国户口登记条例》", "20个工作日内", "县公安局"),
        }
        # 涉农补贴: a second item merged under the first's 一级事项, whose 依据 is &nbsp; and 时限 blank;
        # a third whose 公开对象 is "/" (not applicable: filled)
        extra = {"涉农补贴": [["2", "", "补贴标准", "补贴标准、资金规模", "&nbsp;", "", "县农业农村局", "政府网站",
                              "全社会", "主动", "县级"],
                             ["3", "", "资金监管", "监督电话", "《农业补贴资金管理办法》", "20个工作日内", "县财政局",
                              "政府网站", "/", "依申请", "县级"]]}
        for i, (domain, row) in enumerate(rows.items()):
            header = part if domain == "义务教育" else full
            cells = ["1", row[0], row[1], row[2], row[3], row[4], row[5], "政府网站", "全社会", "主动", "县级"]
            if header is part:
                cells = ["1", row[0], row[2], row[4], row[5], "政府网站", "主动"]
            more = extra.get(domain, [])
            first = [f'<td rowspan="{1 + len(more)}">{c}</td>' if j == 1 and more else f"<td>{c}</td>"
                     for j, c in enumerate(cells)]
            table = ('<table class="ml" border="1"><tr>' + "".join(f"<th>{h}</th>" for h in header) + "</tr><tr>"
                     + "".join(first) + "</tr>"
                     + "".join("<tr>" + "".join(f"<td>{c}</td>" for j, c in enumerate(r) if j != 1) + "</tr>"
                               for r in more) + "</table>\n")
            art = self.add("bzml", f"示范县{domain}领域基层政务公开标准目录", date(2026, 10, 15) - timedelta(days=i),
                           topic="政务公开", unit="县政府办公室", source="县政府办公室",
                           body=[f"现公布示范县{domain}领域基层政务公开标准目录。"], raw_body=table)
            if header is part:
                self.expect("catalog.elements", art.path, "目录表头缺“公开依据”和“公开对象”")
            elif more:
                self.expect("catalog.elements", art.path, "目录第 2 行“补贴标准”的公开依据（&nbsp;）、公开时限空白；"
                            "第 3 行公开对象写“/”不算空白")
                self.catalog_attachment(art, 960, "catalog_blank_xlsx", "涉农补贴领域标准目录（Excel）",
                                        expect="xlsx 目录第 3 行“补贴结果”的公开依据、公开主体空白（一级事项为合并单元格）")
            else:
                self.control("catalog.elements", art.path, "目录表头八要素齐全，每行都已填写")
                if domain == "社会救助":
                    self.catalog_attachment(art, 961, "catalog_clean_xlsx", "社会救助领域标准目录（Excel）")
        for key in ("shjz", "ywjy"):
            col = self.plan.columns[key]
            self.expect("catalog.item_no_column", col.index_path, f"目录列有「{col.name}」，对应栏目空白")
        self.expect("catalog.item_no_column", "/col/col1012/index.html", "目录列有「涉农补贴」，对应栏目空白（第 2 版补上）",
                    revs=(1,))
        self.control("catalog.item_no_column", "/col/col1012/index.html", "第 2 版涉农补贴栏目有了信息", revs=(2,))
        self.expect("catalog.item_no_column", "/zwgk/zfxxgk/bzml/index.html", "目录列有「户籍管理」，网站没有对应栏目")
        for i, title in enumerate(("示范县2026年县级一般公共预算", "示范县2025年县级决算")):
            self.add("czyjs", title, d(30 + 150 * i), topic="财政预决算", unit="县财政局", source="县财政局",
                     body=[f"现公开{title}，详见附件。"])
        self.control("catalog.item_no_column", "/zwgk/zdly/czyjs/index.html", "目录列有财政预决算，栏目一年内有更新")
        self.control("column.blank", "/zwgk/zdly/czyjs/index.html", "财政预决算栏目有两条信息")
        self.expect("catalog.domains", "/zwgk/zfxxgk/bzml/index.html", "标准目录只有 5 个领域，缺 21 个试点领域")

    def catalog_attachment(self, art: Article, serial: int, kind: str, name: str, expect: str = "") -> None:
        """An xlsx catalog beside a catalog page: with blank cells (``expect``) or clean (a control)."""
        path = self.attach(art, serial, "xlsx", name)
        self.plan.attachment_kinds[path] = kind
        if expect:
            self.expect("catalog.elements", art.path, expect, target=path)
        else:
            self.control("catalog.elements", art.path, "xlsx 目录八要素齐全，每行都已填写（合并单元格不算空白）",
                         target=path)

    # -- documents -----------------------------------------------------------------------
    @staticmethod
    def doc_meta(title: str, number: str, day: date, publisher: str = "示范县人民政府",
                 written: date | None = None, disclosure: str | None = "主动公开") -> dict[str, str]:
        meta = {"索引号": f"003599000/{day.year}-{abs(hash_number(title)) % 90000 + 10000:05d}",
                "公开方式": disclosure or "", "发布机构": publisher, "成文日期": f"{written or day:%Y-%m-%d}",
                "名称": title, "文号": number, "有效性": "有效", "发布日期": f"{day:%Y-%m-%d}"}
        if disclosure is None:  # the block shows no 公开方式 row at all
            del meta["公开方式"]
        return meta

    def doc(self, key: str, title: str, number: str, day: date, publisher: str = "示范县人民政府",
            body: list[str] | None = None, written: date | None = None,
            disclosure: str | None = "主动公开") -> Article:
        meta = self.doc_meta(title, number, day, publisher, written, disclosure)
        return self.add(key, title, day, meta=meta, body=body, topic="政策文件", unit=publisher, source=publisher)

    def interp(self, title: str, day: date, body: list[str]) -> Article:
        return self.add("zcjd", title, day, body=body, topic="政策解读", unit="县政府办公室", source="县政府办公室")

    def linked(self, doc: Article, interp: Article) -> None:
        doc.related.append((interp.path, interp.title, False))
        interp.back_links.append((doc.path, doc.title))

    def typos(self) -> None:
        cases = [
            ("gzdt", "示范县召开秋冬季森林防火工作布署会", None, "布署", "部署", "title"),
            ("ywdt", "示范县开展安全生产法律法规宣传进企业活动",
             "活动中，执法人员向企业负责人讲解《中华人民共合国安全生产法》的主要条款。", "中华人民共合国", "中华人民共和国", "text"),
            ("tzgg", "县财政局关于下达2026年农田水利建设专项资金的通知",
             "经研究，现下达各乡镇农田水利建设专项拔款，请按规定用途使用。", "拔款", "拨款", "text"),
            ("bmdt", "县市场监督管理局推进食品安全示范街创建",
             "局党组要求抓住关健环节，逐户排查经营主体的风险隐患。", "关健", "关键", "text"),
            ("tzgg", "县人力资源和社会保障局关于做好2026年度社保缴费基数申报的通知",
             "请各参保单位于12月10日前登陆系统完成缴费基数申报。", "登陆系统", "登录系统", "text"),
            ("cgz", "城关镇开展物业管理政策宣讲活动",
             "工作人员向居民讲解了《示范县物业管理条列》的主要内容。", "条列", "条例", "text"),
            ("gzdt", "示范县实现行政村5G网络全复盖", None, "复盖", "覆盖", "title"),
            ("ywdt", "示范县召开防汛备汛工作调度会",
             "会议要求，各乡镇要加强值班值守，一但发现险情要第一时间组织群众转移。", "一但", "一旦", "text"),
            ("jcdt", "西溪乡开展入户走访活动",
             "乡村干部深入农户家中，详细了解群众生产生活清况。", "清况", "情况", "text"),
            ("gzdt", "示范县召开基层政务公开标准化规范化工作推进会",
             "会议要求各乡镇认真总结推广试点工作經驗，提升基层政务公开水平。", "經驗", "经验", "text"),
            ("tzgg", "县政务服务中心关于开展窗口服务质量评议的通知",
             "为进一步提升政务服务 efficiency 和群众满意度，现开展窗口服务质量评议。", "efficiency", "效率", "text"),
        ]
        for i, (key, title, sentence, wrong, right, fld) in enumerate(cases):
            rnd = prose.rng_for("typo", i)
            body = prose.paragraphs(rnd, "政务公开", "县政府办公室", 2)
            if sentence:
                body.insert(1, sentence)
            age = 40 if key == "bmdt" else 3 + 2 * i  # never freshen a stale column
            art = self.add(key, title, d(age), body=body, topic="政务公开", unit="县政府办公室")
            kind = {"經驗": "traditional", "efficiency": "english"}.get(wrong, "confusion")
            # A typo in a title also shows in the column's list row: "also_on" names that page.
            extra = {"also_on": [self.plan.columns[key].index_path]} if fld == "title" else {}
            self.expect("text.typo", art.path, f"{wrong}→{right}（{fld}, {kind}）", **extra)
        control = self.add("gzdt", "县农业农村局部署秸秆综合利用工作", d(6), topic="秸秆综合利用", unit="县农业农村局",
                           body=["会议部署了秸秆综合利用工作，要求各乡镇做好政策宣传，覆盖所有行政村。",
                                 "农户可登录系统申报秸秆还田补助，一旦发现焚烧行为要及时制止。",
                                 "依据《中华人民共和国大气污染防治法》和相关条例，严禁露天焚烧秸秆。"])
        self.control("text.typo", control.path, "部署、秸秆、覆盖、登录系统、一旦、条例、中华人民共和国 均为正确写法")
        xss = self.add("tzgg", '关于网站安全检测的通知<script>alert(1)</script>"><img src=x onerror=alert(1)>', d(16),
                       topic="网络安全", unit="县委网信办",
                       body=['检测样例：<script>alert(1)</script> 与 "><img src=x onerror=alert(1)>',
                             "本页标题与正文含未过滤的脚本文本，报告必须转义显示。"])
        self.control("text.typo", xss.path, "标题和正文含 <script> 文本：任何报告都必须转义，不得执行",
                     note="xss")

    def privacy_and_identity(self) -> None:
        """privacy.exposed and site.identity defects and controls (numbers: see PRIVATE_NUMBERS)."""
        id1, id2, mob1, mob2, card = PRIVATE_NUMBERS
        leak = self.add("tzgg", "示范县2026年第四季度临时救助对象公示", d(4), topic="社会救助", unit="县民政局",
                        body=["根据《社会救助暂行办法》，经个人申请、乡镇审核、县民政局审批，拟对以下对象给予临时救助，现予公示。",
                              f"1. 城关镇 陈某某 身份证号 {id1} 电话 {mob1} 救助金额 2000元；",
                              f"2. 东岭镇 林某某 身份证号 {id2} 电话 {mob2} 救助金额 1500元，"
                              f"救助金发放至其社会保障卡 {card}。",
                              "公示期为5个工作日。县民政局联系电话：0599-1234567。"])
        for kind in ("身份证号", "手机号码", "银行卡号"):
            self.expect("privacy.exposed", leak.path, f"公示名单含完整{kind}", kind=kind)
        masked = self.add("tzgg", "示范县2026年第三季度临时救助对象公示", d(33), topic="社会救助", unit="县民政局",
                          body=["经审核，拟对以下对象给予临时救助，现予公示。",
                                "1. 南山镇 黄某某 身份证号 350102********1234 电话 138****5678；",
                                "2. 西溪乡 吴某某 身份证号 35**************23 电话 139****1234。",
                                "对公示对象有异议的，请向县民政局反映，县民政局联系电话：13905991234，"
                                "监督电话：13705997788。"])
        self.control("privacy.exposed", masked.path,
                     "号码已打码；县民政局联系电话、监督电话是单位公开的联系方式")
        files = self.add("tzgg", "示范县2026年第四季度临时救助资金发放名单", d(6), topic="社会救助", unit="县民政局",
                         body=["现将2026年第四季度临时救助资金发放名单予以公布，详见附件。"])
        for serial, (ext, kind, name, rule, note) in enumerate((
                ("pdf", "privacy_pdf", "临时救助对象名单（PDF）", "privacy.exposed", "PDF 附件含完整身份证号、手机号"),
                ("docx", "privacy_docx", "临时救助对象名单（Word）", "privacy.exposed", "docx 附件含完整身份证号、银行卡号"),
                ("xlsx", "privacy_xlsx", "临时救助资金发放表（Excel）", "privacy.exposed", "xlsx 附件含完整号码"),
                ("pdf", "scanned_pdf", "救助审批表（扫描件）", "attachment.unreadable", "扫描件 PDF，无文字层"),
                ("pdf", "encrypted_pdf", "救助资金汇总（加密）", "attachment.unreadable", "加密 PDF"),
                ("docx", "bomb_docx", "救助工作方案", "attachment.unreadable", "压缩炸弹 docx"),
                ("xlsx", "malformed_xlsx", "救助统计表", "attachment.unreadable", "损坏的 xlsx"),
                ("docx", "document_docx", "示范县临时救助实施细则（正式文件）", "doc.number_malformed",
                 "示政(2026)21号：docx 附件文头的发文字号用了圆括号")), 1):
            path = self.attach(files, 900 + serial, ext, name)
            self.plan.attachment_kinds[path] = kind
            self.expect(rule, path, note, linked_from=files.path)
            if kind == "privacy_docx":
                self.expect("text.typo", path, "一但→一旦（docx 附件正文, confusion）", linked_from=files.path)
        masked_file = self.attach(masked, 950, "xlsx", "公示名单（已打码）")
        self.plan.attachment_kinds[masked_file] = "masked_xlsx"
        self.control("privacy.exposed", masked_file, "附件中的号码已打码")
        self.expect("site.identity", "/", "首页底部缺少公安机关备案号", element="gongan")
        self.expect("site.identity", "/", "首页底部缺少“我为政府网站找错”入口", element="jiucuo")

    def expressions(self) -> None:
        """text.expression defects (a wrong title, formulations out of order, a wrong plenum name) and a control."""
        bad = self.add("gzdt", "县委理论学习中心组开展专题学习", d(5), topic="理论学习", unit="县委办公室",
                       body=["11月14日，县委理论学习中心组召开专题学习会。",
                             "会议传达学习了李强总书记重要讲话精神，深入学习贯彻党的十九大五中全会精神。",
                             "会议要求，全县党员干部要牢固树立政治意识、核心意识、大局意识、看齐意识，"
                             "坚定道路自信、制度自信、理论自信、文化自信。"])
        for note in ("领导人职务错误：李强总书记", "会议名称错误：十九大五中全会",
                     "四个意识顺序错误", "四个自信顺序错误"):
            self.expect("text.expression", bad.path, note)
        good = self.add("gzdt", "县政府党组召开理论学习会", d(7), topic="理论学习", unit="县政府办公室",
                        body=["会议传达学习了习近平总书记重要讲话精神和国务院总理李强在全国会议上的讲话，"
                              "认真学习贯彻二十届三中全会精神。",
                              "会议要求增强政治意识、大局意识、核心意识、看齐意识，坚定道路自信、理论自信、制度自信、文化自信。"])
        self.control("text.expression", good.path, "领导人姓名职务、四个意识、四个自信和全会名称均为正确写法")

    def links(self) -> None:
        src = self.add("gzdt", "县政务服务中心开展一网通办业务培训", d(8), topic="优化政务服务", unit="县政务服务中心",
                       raw_body=f'<p>相关链接：<a href="{MISSING_PAGE}">全县政务服务事项清单</a>　'
                                f'<a href="{LOOP_A}">政务服务好差评</a>　'
                                f'<a href="{PRIVATE}">内部征求意见稿</a></p>\n')
        self.expect("link.broken", src.path, "站内链接 404", target=MISSING_PAGE)
        self.expect("link.broken", src.path, "重定向循环 /loop/a ↔ /loop/b（页面永远打不开）", target=LOOP_A)
        self.control("link.broken", src.path, "robots.txt 禁止 /private/：不应抓取，也不是断链（页面存在）",
                     target=PRIVATE)
        att = self.add("tzgg", "县住房和城乡建设局关于公布2026年城镇老旧小区改造计划的通知", d(15),
                       topic="城镇老旧小区改造", unit="县住房和城乡建设局", source="县住房和城乡建设局")
        ok_pdf = self.attach(att, 384529617285, "pdf", "附件1：2026年城镇老旧小区改造计划表.pdf")
        self.plan.attachment_kinds[ok_pdf] = "plain_pdf"  # a readable PDF (attachment text)
        gone = self.attach(att, 384529617286, "xls", "附件2：改造小区名单.xls", exists=False)
        self.expect("link.broken", att.path, "附件 404", target=gone)
        self.control("link.broken", att.path, "存在的附件", target=ok_pdf)
        soft = self.add("tzgg", "关于2026年第三季度政府网站检查情况的通报", d(25), topic="政务公开", unit="县政府办公室",
                        raw_body=f'<p>详见：<a href="{SOFT_404}">第二季度检查情况通报</a></p>\n')
        self.expect("link.broken", soft.path, "软 404：HTTP 200 但内容为“页面不存在”", target=SOFT_404)
        self.expect("link.broken", "/", "外部链接在外站 404", target=EXT_GONE)
        self.expect("link.broken", "/", "外部链接连接被拒绝", target=DEAD_LINK)
        self.control("link.broken", "/", "外部链接正常", target=EXT_OK)
        for target, why in ((FORBIDDEN, "403 防火墙拦截"), (TOO_MANY, "429 限流，Retry-After: 1"),
                            (UNAVAILABLE, "503 服务暂不可用")):
            self.expect("link.unreachable", "/", why, target=target)
            self.control("link.broken", "/", f"{why}：暂时无法访问，不是断链", target=target)
        self.control("link.broken", "/", "页面 3 秒后才返回，仍可访问", target=SLOW)
        self.control("link.broken", "/zwgk/index.html", "meta refresh 跳转到通知公告", target=META_REFRESH)
        self.control("link.broken", "/", "脚本 location.href 跳转", target=SCRIPT_REDIRECT)
        self.control("link.broken", "/zwgk/index.html", "HTTP 301 跳转到政府信息公开", target=MOVED)
        self.control("link.broken", "/zwgk/zfxxgk/index.html", "iframe 页面（依申请公开）", target=IFRAME_PAGE)

    def gbk_section(self) -> None:
        titles = ("县农业农村局召开秋冬种生产工作部署会", "县农业农村局开展农资打假专项行动",
                  "县农业农村局组织农机安全生产检查", "县农业农村局推进高标准农田建设")
        modes = ("header", "meta", "mismatch", "header")
        for i, (title, mode) in enumerate(zip(titles, modes, strict=True)):
            body = [f"县农业农村局副局长王喆、农技站站长李镕带队，深入各乡镇开展{title[6:]}相关工作。",
                    "参加检查的还有县农机推广中心工程师张堃，检查组对发现的问题逐一登记、限期整改。"]
            self.add("nygzdt", title, d(4 + 5 * i), body=body, charset=mode, topic="农业", unit="县农业农村局",
                     source="县农业农村局")
        typo = self.add("nygzdt", "县农业农村局开展秸秆禁烧巡查", d(9), charset="meta", topic="农业", unit="县农业农村局",
                        body=["巡查组要求各村加强宣传，严禁焚烧秸杆，推进综合利用。"])
        self.expect("text.typo", typo.path, "秸杆→秸秆（text, confusion；GBK 页面）")
        for i, title in enumerate(("县农业农村局关于申报2026年农机购置补贴的通知", "县农业农村局关于春季动物防疫的通知",
                                   "县农业农村局关于开展农药经营许可检查的通知")):
            self.add("nytzgg", title, d(224 + 30 * i), charset="meta", topic="农业", unit="县农业农村局",
                     source="县农业农村局",
                     body=[f"各乡镇农业综合服务中心：{title[6:-3]}有关事项通知如下，请遵照执行。联系人：李镕。"])
        self.expect("column.stale", "/gbk/nyj/tzgg/index.html", f"通知公告类栏目最新信息 {d(224)}，超过 6 个月（GBK 页面）")
        self.control("column.stale", "/gbk/nyj/gzdt/index.html", "GBK 编码的动态栏目，最新信息 4 天前")

    def revision2(self) -> None:
        news = [("示范县召开2026年冬季安全生产工作会议", 3), ("示范县第十七届人民代表大会第六次会议筹备工作部署会召开", 5),
                ("示范县推进政务数据共享工作", 6)]
        for title, ahead in news:
            art = self.add("ywdt", title, DEMO_AS_OF + timedelta(days=ahead), topic="安全生产", unit="县应急管理局")
            art.first_rev = 2
        typo = self.add("ywdt", "示范县召开政府信息公开工作培训会", DEMO_AS_OF + timedelta(days=4), topic="政务公开",
                        unit="县政府办公室", body=["会议强调，不得批露涉及国家秘密和个人隐私的信息。",
                                                   "各单位要严格落实信息发布保密审查制度。"])
        typo.first_rev = 2
        self.expect("text.typo", typo.path, "批露→披露（第 2 版新增的问题）", revs=(2,))
        fill = self.add("snbt", "示范县2026年耕地地力保护补贴发放情况公示", DEMO_AS_OF + timedelta(days=4),
                        topic="涉农补贴", unit="县农业农村局")
        fill.first_rev = 2
        self.control("column.blank", "/col/col1012/index.html", "第 2 版补充了信息，不再空白", revs=(2,))
        removed = self.plan.columns["rsxx"].articles[2]
        removed.last_rev = 1
        edited = [a for a in self.plan.columns["tzgg"].articles if a.title.startswith("县住房和城乡建设局")][0]
        edited.rev2 = {"raw_body": "<p>（2026年11月25日更正：附件1中第3项小区名称有误，已更正。）</p>\n"}
        self.plan.rev2_modified.add(edited.path)
        org = self.plan.columns["jgzn"].articles[0]
        org.rev2 = {"body": ["示范县人民政府办公室是县人民政府的办事机构，协助县政府领导处理县政府日常工作。",
                             "2026年11月机构改革后，新增政务公开和数据管理职责。"]}
        self.plan.rev2_modified.add(org.path)

    def filler(self) -> None:
        fixed = sum(len(c.articles) for c in self.plan.columns.values())
        overhead = fixed + len(self.plan.columns) + len(self.plan.navs) + 20
        total = max(0, self.pages - overhead)
        shares = (("gzdt", 0.30, "news"), ("ywdt", 0.25, "news"), ("tzgg", 0.18, "notice"),
                  ("zcwj", 0.10, "doc"), ("cgz", 0.06, "news"), ("nygzdt", 0.05, "news"), ("bmdt", 0.06, "news"))
        for key, share, kind in shares:
            count = int(total * share)
            if key == "ywdt":  # > 45 records in revision 1, so the dataproxy is needed
                live = [a for a in self.plan.columns[key].articles if a.first_rev == 1]
                count = max(count, 70 - len(live))
            self.fill_column(key, count, kind)

    def fill_column(self, key: str, count: int, kind: str) -> None:
        col = self.plan.columns[key]
        oldest = min(a.date for a in col.articles)
        span = min(max(count, 1), 1400)  # at most ~4 years back
        for i in range(count):
            rnd = prose.rng_for(self.seed, key, i)
            day = oldest - timedelta(days=1 + (i * span) // max(count, 1))
            if kind == "doc":
                topic = rnd.choice(prose.TOPICS)
                title = f"示范县人民政府关于进一步加强{topic}工作的意见（{i + 1}）"
                number = f"示政〔{day.year}〕{100 + i}号"
                meta = {"索引号": f"003599000/{day.year}-{20000 + i:05d}", "公开方式": "主动公开",
                        "发布机构": "示范县人民政府", "成文日期": f"{day:%Y-%m-%d}", "名称": title,
                        "文号": number, "有效性": "有效", "发布日期": f"{day:%Y-%m-%d}"}
                art = self.add(key, title, day, meta=meta, topic=topic, unit="示范县人民政府", source="示范县人民政府")
            else:
                title, topic, unit = (prose.news_title if kind == "news" else prose.notice_title)(rnd)
                art = self.add(key, title, day, topic=topic, unit=unit)
            art.seed_key = f"{self.seed}:{art.path}"

    def finish(self) -> None:
        """Resolve nav children (column keys or @nav keys) to (name, path)."""
        extra = {"@ysqgk": ("依申请公开", IFRAME_PAGE)}
        for nav in self.plan.navs.values():
            resolved = []
            for ref, _ in nav.children:
                if ref in extra:
                    resolved.append(extra[ref])
                elif ref.startswith("@"):
                    sub = self.plan.navs[ref[1:]]
                    resolved.append((sub.name, sub.path))
                else:
                    col = self.plan.columns[ref]
                    resolved.append((col.name, col.index_path))
            nav.children = resolved


def hash_number(text: str) -> int:
    """A small stable number from text (not Python's salted hash)."""
    value = 0
    for ch in text:
        value = (value * 131 + ord(ch)) % 1_000_003
    return value


def build_plan(*, pages: int, seed: int, stale_home: bool = False) -> Plan:
    return PlanBuilder(pages=pages, seed=seed, stale_home=stale_home).build()
