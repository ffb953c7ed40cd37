"""The content every variant carries, with its planted defects and clean counterparts.

:class:`ContentBuilder` decides what exists (columns, articles, links, defects) and writes the
manifest; a variant subclass decides where each page lives (``column_path``,
``article_path``) and how it looks (``render``). The same defects in a different CMS's markup
are the point: a rule that finds them on one platform and misses them on another is reading
the markup, not the content.

Each column's ``style`` says how its list rows show their dates (``dash`` 2026-11-19,
``bracket`` [2026-11-19], ``md`` (11-19) without a year, ``cn`` 2026年11月19日, ``script``
``var pubdata='…';document.write(pubdata)``), how many old items are pinned on top, and how
an empty column is shown (``logo``: a list holding only the site logo link; ``notice``:
此栏目暂无任何新增信息; ``bare``: an empty list).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..model import Article, Column
from .base import VariantBuilder, ago

EXT_OK = "{EXTERNAL}/"
EXT_GONE = "{EXTERNAL}/gone/index.html"
DEAD_LINK = "{DEAD}/"
NOT_SITE = "示州市城市绿化管理条例"  # a regulation interpreted here but published elsewhere


@dataclass
class Style:
    dates: str = "dash"
    pinned: int = 0
    blank: str = ""  # logo | notice | bare
    stray_html: bool = False  # article pages: the header include closes </html> early
    per_page: int = 15


# (key, name, slug, parent, items, newest age, step days, style)
COLUMNS = (
    ("gzdt", "工作动态", "gzdt", "mulu", 64, 1, 2, Style("dash")),
    ("xzdt", "乡镇动态", "xzdt", "mulu", 26, 40, 4, Style("bracket")),
    ("bmdt", "部门动态", "bmdt", "mulu", 16, 2, 3, Style("cn", pinned=2)),
    ("jcdt", "基层动态", "jcdt", "mulu", 6, 0, 5, Style("md")),  # dated last December, see below
    ("tzgg", "通知公告", "tzgg", "mulu", 18, 4, 6, Style("md", stray_html=True)),
    ("gsgg", "公示公告", "gsgg", "mulu", 8, 245, 20, Style("cn")),
    ("zwdt", "政务动态", "zwdt", "mulu", 10, 2, 4, Style("script")),
    ("ldhd", "领导活动", "ldhd", "mulu", 6, 60, 7, Style("script")),
    ("zfwj", "政府文件", "zfwj", "mulu", 0, 0, 0, Style("dash")),
    ("zcjd", "政策解读", "zcjd", "mulu", 0, 0, 0, Style("bracket")),
    ("gkzn", "政府信息公开指南", "gkzn", "mulu", 1, 900, 1, Style("dash")),
    ("czyjs", "财政预决算", "czyjs", "mulu", 0, 0, 0, Style(blank="logo")),
    ("jyta", "建议提案办理", "jyta", "mulu", 0, 0, 0, Style(blank="notice")),
    ("zfcg", "政府采购", "zfcg", "mulu", 0, 0, 0, Style(blank="logo")),
    ("rsxx", "人事信息", "rsxx", "mulu", 0, 0, 0, Style(blank="bare")),
    ("yjzj", "意见征集", "yjzj", "hdjl", 5, 10, 9, Style("dash")),
)
JCDT_NEWEST = date(2025, 12, 28)  # shown as (12-28): last year's, not next month's


class ContentBuilder(VariantBuilder):
    """Columns, articles and the manifest; subclasses place and render them."""

    county = "示范县"
    short = "示"  # the issuing-authority abbreviation in 文号: 示政〔2026〕1号

    def __init__(self, *, seed: int = 7):
        super().__init__(seed=seed)
        self.style: dict[str, Style] = {}
        self.parents: dict[str, tuple[str, str]] = {}  # parent key -> (name, path)
        self.parent_of: dict[str, str] = {}  # column key -> parent key
        self.soft404: list[str] = []
        self.home_links: list[tuple[str, str]] = []
        self.pinned: set[str] = set()  # article paths shown on top of their list (置顶)
        self.numbers: dict[str, str] = {}  # document path -> its 文号 as printed ("" = none)

    # -- placement (subclasses) ------------------------------------------------------------
    def column_path(self, slug: str, parent: str, k: int = 0) -> str:
        raise NotImplementedError

    def article_path(self, col: Column, day: date, art_id: int) -> str:
        raise NotImplementedError

    def parent_path(self, parent: str) -> str:
        raise NotImplementedError

    def forbidden_paths(self) -> tuple[str, str]:
        """(403 path, 503 path)."""
        raise NotImplementedError

    def render(self) -> None:
        raise NotImplementedError

    # -- helpers ---------------------------------------------------------------------------
    def new_article(self, key: str, title: str, day: date, **kw) -> Article:
        col = self.plan.columns[key]
        self.next_id += 1
        return self.article(col, self.article_path(col, day, self.next_id), title, day, **kw)

    def index(self, key: str) -> str:
        return self.plan.columns[key].index_path

    # -- the whole variant -----------------------------------------------------------------
    def build(self):
        self.make_columns()
        self.documents()
        self.interpretations()
        self.typos()
        self.links()
        self.render()
        self.locate_title_typos()
        return self.plan

    def locate_title_typos(self) -> None:
        """A typo in a title also shows wherever that title is listed: name those pages too."""
        articles = {a.path for c in self.plan.columns.values() for a in c.articles}
        lists = {path: route[1]()[0] for path, route in self.routes.items()
                 if route[0] == "page" and path not in articles}
        for row in self.plan.expected:
            if row["rule"] == "text.typo" and "（title" in row["note"]:
                wrong = row["note"].split("→", 1)[0]
                row["also_on"] = sorted(path for path, html in lists.items() if wrong in html)

    def make_columns(self) -> None:
        names = {"mulu": "政府信息公开目录", "hdjl": "互动交流"}
        home = ("首页", "/")
        xxgk = ("信息公开", self.parent_path("xxgk"))
        for parent, name in names.items():
            self.parents[parent] = (name, self.parent_path(parent))
        for key, name, slug, parent, count, newest, step, style in COLUMNS:
            crumbs = [home, xxgk, self.parents["mulu"]] if parent == "mulu" else [home, self.parents["hdjl"]]
            col = self.column(key, name, "variant", self.column_path(slug, parent), crumbs,
                              per_page=style.per_page)
            col.unitid = slug  # the URL slug / channel id the variant placed it under
            self.parent_of[key] = parent
            self.style[key] = style
            titles = self.filler_titles(key, count, "notice" if key in ("tzgg", "gsgg", "yjzj") else "news")
            for i, (title, topic, unit) in enumerate(titles):
                day = (date.fromordinal(JCDT_NEWEST.toordinal() - step * i) if key == "jcdt"
                       else ago(newest + step * i))
                self.new_article(key, title, day, topic=topic, unit=unit)
            if style.pinned:  # old items pinned on top of the list (置顶)
                for i in range(style.pinned):
                    title, topic, unit = self.filler_titles(key + "-pinned", style.pinned)[i]
                    art = self.new_article(key, title, ago(400 - 20 * i), topic=topic, unit=unit)
                    self.pinned.add(art.path)
        self.column_manifest()

    def column_manifest(self) -> None:
        stale = {"xzdt": "最新信息 {d}（40 天前），动态类超过 2 周",
                 "jcdt": "列表日期写作 (12-28) 不带年份：按检查日应为 2025-12-28，动态类超过 2 周",
                 "gsgg": "公示公告最新信息 {d}（245 天前），超过 6 个月；日期写作 2026年3月19日",
                 "ldhd": "领导活动最新信息 {d}（60 天前），日期由脚本 document.write(pubdata) 写出"}
        fresh = {"gzdt": "工作动态分 5 页，最新一条在第 1 页，1 天前",
                 "bmdt": "部门动态置顶两条旧信息，其下最新信息 2 天前（2026年11月18日 式日期）",
                 "tzgg": "通知公告日期写作 (11-16) 不带年份，4 天前",
                 "zwdt": "政务动态日期由脚本 document.write(pubdata) 写出，2 天前",
                 "zcjd": "政策解读最新 19 天前，未超过 6 个月",
                 "zfwj": "政府文件最新 20 天前，未超过 6 个月",
                 "gkzn": "静态类栏目（公开指南）长期不变属正常",
                 "yjzj": "意见征集 10 天前"}
        for key, note in stale.items():
            col = self.plan.columns[key]
            newest = max(a.date for a in col.articles)
            self.expect("column.stale", col.index_path, f"「{col.name}」" + note.format(d=newest))
        for key, why in fresh.items():
            self.control("column.stale", self.index(key), why)
        for key in ("czyjs", "jyta", "zfcg", "rsxx"):
            col = self.plan.columns[key]
            how = {"logo": "列表区只有一个网站标志链接", "notice": "列表区显示“此栏目暂无任何新增信息”",
                   "bare": "列表为空"}[self.style[key].blank]
            self.expect("column.blank", col.index_path, f"空白栏目「{col.name}」：{how}")
        for key in ("gzdt", "xzdt", "tzgg"):
            col = self.plan.columns[key]
            second = self.column_path(col.unitid, "mulu", 1)
            why = f"「{col.name}」列表第 2 页属于该栏目，不是单独的栏目"
            self.control("column.blank", second, why)
            self.control("column.stale", second, why)
        xxgk, mulu, hdjl = (self.parent_path(p) for p in ("xxgk", "mulu", "hdjl"))
        self.control("column.blank", xxgk, "频道页：左侧子栏目菜单加最新信息列表，有信息")
        self.control("column.stale", xxgk, "频道页最新信息 1 天前")
        self.control("column.blank", mulu, "目录页只链接子栏目，不是空白栏目")
        self.control("column.stale", mulu, "目录页只链接子栏目，不按列表栏目判更新")
        self.control("column.blank", hdjl, "只做跳转的频道页：栏目是跳转目标「意见征集」")
        self.control("column.stale", hdjl, "只做跳转的频道页：栏目是跳转目标「意见征集」")
        for key in ("gzdt", "bmdt", "zfwj", "yjzj"):
            self.control("column.blank", self.index(key), f"「{self.plan.columns[key].name}」有信息")

    # -- documents -------------------------------------------------------------------------
    def doc(self, title: str, number: str, age: int, body: list[str] | None = None, *, block: bool = True,
            note: str = "") -> Article:
        """A policy document in 政府文件. ``number`` "" = none; ``block`` False = the page has no
        政府信息公开 metadata block (variants that have blocks leave it out)."""
        day = ago(age)
        text = body or ["各乡镇人民政府，县直有关单位：经县人民政府研究同意，现将有关事项通知如下，请认真贯彻执行。",
                        "本文件自印发之日起施行。"]
        meta = None
        if block:
            meta = {"索引号": f"11{self.next_id:07d}/{day.year}-{self.next_id:05d}", "主题分类": "综合政务",
                    "发布机构": f"{self.county}人民政府", "成文日期": f"{day:%Y-%m-%d}", "文号": number,
                    "发布日期": f"{day:%Y-%m-%d}"}
        art = self.new_article("zfwj", title, day, body=text, meta=meta, topic="政策文件",
                               unit=f"{self.county}人民政府", source=f"{self.county}人民政府办公室")
        self.numbers[art.path] = number  # variants without blocks print it in the body
        return art

    def documents(self) -> None:
        c, s = self.county, self.short
        self.docs = {
            "D1": self.doc(f"{c}人民政府关于印发{c}农村供水保障实施方案的通知", f"{s}政〔2026〕21号", 20),
            "D2": self.doc(f"{c}人民政府办公室关于印发{c}城乡居民养老保险实施细则的通知", f"{s}政办〔2026〕30号", 35),
            "D3": self.doc(f"{c}人民政府关于进一步优化营商环境的若干措施", f"{s}政〔2026〕18号", 50),
            "D4": self.doc(f"{c}人民政府关于印发{c}行政执法公示办法的通知", f"{s}政规〔2026〕2号", 70),
            "D5": self.doc(f"{c}人民政府办公室关于印发{c}矛盾纠纷多元化解工作办法的通知", f"{s}政办〔2026〕12号", 90),
        }
        for key in ("D1", "D4"):
            art = self.docs[key]
            number = self.numbers[art.path]
            self.control("doc.number_malformed", art.path, f"规范文号 {number}", note=number)
            self.control("doc.number_missing", art.path, f"文号 {number} 在页面上")
        bad = (("城区停车秩序管理", f"{s}政办(2026)15号", "年份应使用六角括号〔〕", 100),
               ("农村集体资产管理", f"{s}政〔2026〕第3号", "不应加“第”字", 110),
               ("县级储备粮管理", f"{s}政[2026]8号", "年份应使用六角括号〔〕", 120),
               ("城镇燃气安全管理", f"{s}政〔26〕4号", "年份应为四位", 130))
        for topic, number, fault, age in bad:
            art = self.doc(f"{c}人民政府关于印发{c}{topic}办法的通知", number, age)
            self.expect("doc.number_malformed", art.path, f"{number}：{fault}")
        n1 = self.doc(f"{c}人民政府关于成立{c}森林防灭火指挥部的通知", "", 140, block=False,
                      body=["各乡镇人民政府，县直有关单位：为加强森林防灭火工作的组织领导，经研究，决定成立县森林防灭火指挥部。",
                            "指挥部办公室设在县应急管理局，负责日常工作。"])
        self.expect("doc.number_missing", n1.path, "政策文件栏目中的文件：没有元数据区块，正文也没有发文字号")
        n2 = self.doc(f"{c}人民政府关于全面推行证明事项告知承诺制的实施意见", "", 150,
                      body=["各乡镇人民政府，县直有关单位：根据《国务院办公厅关于全面推行证明事项和涉企经营许可事项告知承诺制的指导意见》"
                            "（国办发〔2020〕42号）和省、市有关要求，结合我县实际，提出如下实施意见。",
                            "一、总体要求。以便民利企为导向，减少证明材料，优化办事流程。"])
        self.expect("doc.number_missing", n2.path, "正文只引用了上级文件的文号（国办发〔2020〕42号），本文件自己没有发文字号")
        self.control("doc.number_malformed", n2.path, "正文引用的国办发〔2020〕42号是上级文件的文号，且规范")
        n3 = self.doc(f"{c}人民政府办公室关于{c}政务服务中心智能化改造项目的通知", "", 160,
                      body=["各有关单位：县政务服务中心智能化改造项目（项目编号：SFZC-2026-017）已完成招标，现将有关事项通知如下。",
                            "请各进驻单位配合做好设备安装调试工作。"])
        self.expect("doc.number_missing", n3.path, "正文只有采购项目编号，没有发文字号（元数据中文号为空）")
        c1 = self.doc(f"{c}人民政府关于废止部分行政规范性文件的决定", f"{s}政〔2026〕40号", 170,
                      body=[f"各乡镇人民政府，县直有关单位：经清理，决定废止《{c}城市道路挖掘管理办法》（{s}政[2014]3号）等3件行政规范性文件。",
                            "本决定自公布之日起施行。"])
        self.control("doc.number_malformed", c1.path, f"本文件文号 {s}政〔2026〕40号 规范；正文中引用的{s}政[2014]3号是被废止文件的文号")

    def interpretations(self) -> None:
        c = self.county
        d = self.docs

        def interp(title: str, age: int, body: str, key: str = "zcjd") -> Article:
            return self.new_article(key, title, ago(age), body=[body, "以上为本文件的主要内容解读。"],
                                    topic="政策解读", unit=f"{c}人民政府办公室", source=f"{c}人民政府办公室")

        i1 = interp(f"《{c}农村供水保障实施方案》政策解读", 19, f"《{c}农村供水保障实施方案》明确了农村供水工程建设和管护责任。")
        i2 = interp(f"图解：{c}城乡居民养老保险实施细则", 34, "参保范围、缴费档次和待遇领取条件一图看懂。")
        i3 = interp("一图读懂《关于进一步优化营商环境的若干措施》", 49, "《关于进一步优化营商环境的若干措施》共二十条。")
        i4 = interp(f"解读：{c}行政执法公示办法", 69, "办法规定了事前、事中、事后公开的内容和时限。")
        i5 = interp(f"县司法局负责人就《{c}矛盾纠纷多元化解工作办法》答记者问", 89,
                    f"问：出台《{c}矛盾纠纷多元化解工作办法》的背景是什么？答：为完善矛盾纠纷多元化解机制。", key="tzgg")
        i6 = interp(f"关于《{NOT_SITE}》的政策解读", 120, f"《{NOT_SITE}》由市人大常委会审议通过，现将主要内容解读如下。")
        self.interps = {"I1": i1, "I2": i2, "I3": i3, "I4": i4, "I5": i5, "I6": i6}
        for doc_key, it in (("D1", i1), ("D2", i2), ("D5", i5)):
            d[doc_key].related.append((it.path, it.title, False))
        for doc_key, it in (("D1", i1), ("D3", i3)):
            it.back_links.append((d[doc_key].path, d[doc_key].title))
        self.control("interpretation.unlinked", i1.path, "《…》政策解读：文件与解读互相链接", target=d["D1"].path)
        self.control("interpretation.unlinked", d["D1"].path, "文件页有“相关解读”链接", target=i1.path)
        self.expect("interpretation.unlinked", i2.path, "“图解：…”式解读页没有链接回原文件", target=d["D2"].path)
        self.expect("interpretation.unlinked", d["D3"].path, "文件页没有链接到“一图读懂《关于…》”解读（标题只引 关于 之后）",
                    target=i3.path)
        self.expect("interpretation.unlinked", d["D4"].path, "“解读：…”式解读与文件两个方向都没有链接：文件一侧",
                    target=i4.path)
        self.expect("interpretation.unlinked", i4.path, "“解读：…”式解读与文件两个方向都没有链接：解读一侧",
                    target=d["D4"].path)
        self.expect("interpretation.unlinked", i5.path, "列在通知公告栏目里的“答记者问”没有链接回原文件",
                    target=d["D5"].path)
        self.control("interpretation.unlinked", i6.path, "所解读的条例不在本站，不应报告")
        self.control("text.typo", i6.path, "示州市是地名，不是错别字")

    # -- typos -----------------------------------------------------------------------------
    def typos(self) -> None:
        c = self.county
        cases = (
            ("gzdt", f"{c}召开秋冬季森林防火工作布署会", None, "布署", "部署", 3),
            ("tzgg", "县财政局关于下达2026年农田水利建设资金的通知", "现下达各乡镇农田水利建设专项拔款，请按规定用途使用。",
             "拔款", "拨款", 8),
            ("bmdt", "县市场监督管理局推进放心消费示范街创建", "局党组要求抓住关健环节，逐户排查经营主体的风险隐患。",
             "关健", "关键", 5),
            ("xzdt", "东岭镇开展汛前隐患排查", "镇党委要求各村加强值班值守，一但发现险情要第一时间组织群众转移。",
             "一但", "一旦", 43),
            ("zwdt", "县政务服务中心开展窗口作风建设月活动", "工作人员深入各窗口，详细了解群众办事清况。", "清况", "情况", 6),
            ("gzdt", f"{c}召开2026年度目标考核推进会", "会议要求各单位再接再励，确保全面完成年度目标任务。",
             "再接再励", "再接再厉", 9),
            ("tzgg", "县人力资源和社会保障局关于做好冬季农民工工资支付工作的通知", "各乡镇人民政府负贵辖区内农民工工资支付的监督管理。",
             "负贵", "负责", 12),
        )
        for key, title, sentence, wrong, right, age in cases:
            body = [sentence] if sentence else [f"{title}，各相关单位负责同志参加会议。"]
            body.append("会议对下一阶段工作作了具体安排。")
            art = self.new_article(key, title, ago(age), body=body, topic="政务公开", unit="县政府办公室")
            where = "title" if sentence is None else "text"
            stray = "；页头提前出现 </html>" if self.style[key].stray_html else ""
            self.expect("text.typo", art.path, f"{wrong}→{right}（{where}{stray}）")
        ok = self.new_article("gzdt", "县民政局开展冬季困难群众走访慰问", ago(7), topic="社会救助", unit="县民政局",
                              body=["县民政局局长刘振华同志带队走访慰问困难群众，送去了党和政府的关怀。",
                                    "走访组详细了解困难群众的生活情况，一旦发现困难及时帮扶，确保救助政策覆盖到位。"])
        self.control("text.typo", ok.path, "党和政府、情况、一旦、覆盖 均为正确写法；人名不是错别字")

    # -- links -----------------------------------------------------------------------------
    def links(self) -> None:
        c = self.county
        gone = self.article_path(self.plan.columns["gzdt"], ago(80), 999999)
        src = self.new_article("gzdt", f"{c}开展政务服务“好差评”专项检查", ago(11), topic="优化政务服务",
                               unit="县政务服务中心", raw_body=f'<p>相关链接：<a href="{gone}">全县政务服务事项清单</a></p>\n')
        self.expect("link.broken", src.path, "站内链接 404", target=gone)
        soft = self.new_article("bmdt", "县自然资源局公布第三季度国土执法检查情况", ago(14), topic="耕地保护", unit="县自然资源局")
        soft_target = self.article_path(self.plan.columns["bmdt"], ago(180), 888888)
        soft.raw_body = f'<p>详见：<a href="{soft_target}">第二季度国土执法检查情况</a></p>\n'
        self.soft404.append(soft_target)
        self.expect("link.broken", soft.path, "软 404：HTTP 200 但内容为“页面不存在”", target=soft_target)
        d1 = self.docs["D1"]
        base = d1.path.rsplit("/", 1)[0]
        ok_file, lost_file = f"{base}/fj_{self.next_id}_1.pdf", f"{base}/fj_{self.next_id}_2.xls"
        d1.attachments += [(ok_file, "附件1：农村供水工程建设计划表.pdf"), (lost_file, "附件2：农村供水工程名单.xls")]
        self.plan.attachments.add(ok_file)
        self.expect("link.broken", d1.path, "附件 404", target=lost_file)
        self.control("link.broken", d1.path, "存在的附件", target=ok_file)
        forbidden, unavailable = self.forbidden_paths()
        self.home_links = [("数据开放", forbidden), ("在线访谈", unavailable), ("示州市人民政府", EXT_OK),
                           ("示州市政务服务网", EXT_GONE), ("县公共资源交易中心", DEAD_LINK)]
        self.expect("link.broken", "/", "外部链接在外站 404", target=EXT_GONE)
        self.expect("link.broken", "/", "外部链接连接被拒绝", target=DEAD_LINK)
        self.control("link.broken", "/", "外部链接正常", target=EXT_OK)
        for target, why in ((forbidden, "403 防火墙拦截"), (unavailable, "503 服务暂不可用")):
            self.expect("link.unreachable", "/", why, target=target)
            self.control("link.broken", "/", f"{why}：暂时无法访问，不是断链", target=target)
        self.control("link.broken", "/", "meta refresh 跳转的频道页", target=self.parents["hdjl"][1])

    # -- shared markup helpers ---------------------------------------------------------------
    def rows(self, key: str) -> list[Article]:
        """A column's list order: pinned items first, then newest first."""
        arts = sorted(self.plan.columns[key].articles, key=lambda a: (a.date, a.path), reverse=True)
        return [a for a in arts if a.path in self.pinned] + [a for a in arts if a.path not in self.pinned]

    def pages_of(self, key: str) -> list[list[Article]]:
        col = self.plan.columns[key]
        rows = self.rows(key)
        return [rows[i:i + col.per_page] for i in range(0, len(rows), col.per_page)] or [[]]

    def newest(self, key: str) -> date:
        arts = self.plan.columns[key].articles
        return max((a.date for a in arts), default=date(2020, 1, 1))


def date_html(day: date, style: str) -> str:
    """A list row's date in ``style`` (see the module docstring)."""
    if style == "bracket":
        return f"[{day:%Y-%m-%d}]"
    if style == "md":
        return f"({day:%m-%d})"
    if style == "cn":
        return f"{day.year}年{day.month}月{day.day}日"
    if style == "script":
        return f"<script type=\"text/javascript\">var pubdata='{day:%Y-%m-%d}';document.write(pubdata);</script>"
    return f"{day:%Y-%m-%d}"
