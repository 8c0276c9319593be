# ruff: noqa: E501 -- tables of Chinese queries and text read better unwrapped
"""The judged queries and the package writer (called by generate.py).

Each query names what it is looking for (a topic and aspect of the corpus,
optionally a place, the kind of page wanted, a specific document); ``grade``
turns that into 0–3 per document by the rules of README.md. A keyword scan over
every document for the query's words and their other forms adds the documents
that mention the subject in passing (grade 1).
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field

from topics import PLAIN, TOPICS

TOPIC = {t.key: t for t in TOPICS + PLAIN}
INVALID = ("失效", "废止")
# Filter values are the platform's codes (disclosure_pages.choices), as a
# search form sends them.
VALIDITY = {"有效": "valid", "失效": "expired", "废止": "repealed", "已修改": "amended"}
GENRE = {"通知": "notice", "意见": "opinion", "规范性文件": "normative", "公告": "announcement",
         "纪要": "minutes", "函": "letter", "统计数据": "statistics", "其他": "other"}  # fmt: skip


@dataclass
class Q:
    q: str
    category: str
    topic: str = ""
    aspect: str = ""
    level: str = ""  # a district the query names
    want: str = "doc"  # doc | interp
    filters: dict = field(default_factory=dict)
    explicit: dict = field(default_factory=dict)  # doc key -> grade, overrides rules
    exact_title: str = ""  # near-duplicates: the notice the query copies
    words: tuple = ()  # extra words whose presence marks a passing mention


def base_grade(d, s: Q) -> int:
    if s.explicit:
        return s.explicit.get(d.key, 0)
    if d.topic != s.topic:
        return 1 if s.topic in d.mentions else 0
    if s.exact_title:
        if d.title == s.exact_title and d.kind == "document":
            return 3
        return 2 if d.aspect == s.aspect else 1
    if s.aspect and d.aspect != s.aspect:
        return 1
    # a reader who filters for repealed or expired documents asks for old versions
    wants_old = s.filters.get("validity") in ("expired", "repealed")
    if not s.aspect:  # a broad query: every page about the subject is highly relevant
        if d.validity in INVALID:
            return 1
        return 2
    if d.kind == "interpretation":
        g = 3 if s.want == "interp" else 2
    elif d.kind == "news":
        g = 1 if s.want == "interp" else 2
    else:
        replaced = d.validity in INVALID and not wants_old
        g = 1 if replaced else (2 if s.want == "interp" else 3)
    if s.level and g == 3 and d.site != s.level:
        g = 2
    return g


def violates(d, filters: dict) -> bool:
    if "type" in filters and d.kind != filters["type"]:
        return True
    if "validity" in filters and VALIDITY.get(d.validity) != filters["validity"]:
        return True
    if "year" in filters and d.year != filters["year"]:
        return True
    if "category" in filters and filters["category"] not in d.subject.split("\\"):
        return True
    if "genre" in filters and GENRE.get(d.genre) != filters["genre"]:
        return True
    return False


def mention_words(s: Q) -> tuple:
    t = TOPIC.get(s.topic)
    words = list(s.words)
    if t is not None and t.forms[0]:
        words += list(t.forms)
    return tuple(w for w in words if w)


def grades_for(docs, s: Q) -> dict:
    out = {}
    words = mention_words(s)
    for d in docs:
        g = base_grade(d, s)
        if g == 0 and words and not s.explicit:
            text = d.title + "\n".join(d.body)
            if any(w in text for w in words):
                g = 1
        if g and s.filters and violates(d, s.filters):
            g = 0
        if g:
            out[d.key] = g
    return out


def main_doc(docs, topic, aspect):
    return next(
        d for d in docs
        if d.topic == topic and d.aspect == aspect and d.role == "main" and d.kind == "document"
    )  # fmt: skip


def district_with(docs, topic, aspect):
    return sorted(
        {d.site for d in docs if d.topic == topic and d.aspect == aspect and d.role == "district"}
    )[0]  # fmt: skip


PLACE = {"lj": "临江区", "bs": "北山区", "nh": "南湖县"}


def specs(docs) -> list[Q]:
    out: list[Q] = []
    add = out.append
    # abbreviation: the short form asked, documents written in the long form answer
    for q, t, a in [
        ("低保标准调整", "dibao", "standard"), ("低保对象认定 家庭收入", "dibao", "verify"),
        ("低保边缘家庭", "dibao", "edge"), ("放管服改革工作要点", "fgf", "keypoints"),
        ("放管服 取消行政许可事项", "fgf", "reg"), ("居民医保缴费标准", "yibao", "enroll"),
        ("居民医保 异地就医备案", "yibao", "remote"), ("双减 作业时间", "shuangjian", "homework"),
        ("双减 校外培训机构", "shuangjian", "training"), ("专精特新企业认定条件", "zjtx", "identify"),
        ("新基建 5G基站", "xjj", "plan"), ("双创示范基地", "shuangchuang", "base"),
        ("非遗传承人补助", "feiyi", "inheritor"), ("环评审批权限", "huanping", "approval"),
        ("公租房申请条件", "gongzufang", "apply"), ("棚改征收补偿", "penggai", "compensation"),
        ("医联体双向转诊", "yilianti", "referral"), ("家医签约服务包", "jiayi", "package"),
        ("高企税收优惠", "gaoqi", "tax"), ("网约车驾驶员从业资格", "wangyueche", "driver"),
    ]:  # fmt: skip
        add(Q(q, "abbreviation", t, a))
    # full form: the long form asked, documents written in the short form answer
    for q, t, a in [
        ("最低生活保障动态管理", "dibao", "dynamic"), ("住房公积金灵活就业人员缴存", "gjj", "flexible"),
        ("住房公积金租房提取", "gjj", "withdraw"), ("城乡居民基本医疗保险门诊报销", "yibao", "outpatient"),
        ("简政放权 放管结合 优化服务 事中事后监管", "fgf", "supervise"),
        ("非物质文化遗产代表性项目名录", "feiyi", "list"), ("公共租赁住房退出", "gongzufang", "manage"),
        ("棚户区改造计划任务", "penggai", "plan"), ("高新技术企业培育奖励", "gaoqi", "cultivate"),
        ("网络预约出租汽车车辆准入", "wangyueche", "vehicle"), ("新型基础设施建设重点项目", "xjj", "projects"),
        ("医疗联合体 县域", "yilianti", "build"), ("家庭医生签约服务覆盖率", "jiayi", "service"),
        ("大众创业万众创新活动周", "shuangchuang", "week"), ("环境影响评价信息公开", "huanping", "publicity"),
        ("专业化 精细化 特色化 新颖化 小巨人奖励", "zjtx", "reward"),
    ]:  # fmt: skip
        add(Q(q, "full_form", t, a))
    # split terms: one way of writing a compound, documents use the other
    for q, t, a in [
        ("河湖长制巡查", "hehu", "patrol"), ("河长制 湖长制 考核", "hehu", "appraisal"),
        ("林长制", "linzhang", "implement"), ("林草长制考核", "linzhang", "appraisal"),
        ("医养结合机构补贴", "yiyang", "institution"), ("文旅融合消费券", "wenlv", "consume"),
        ("水电气暖报装", "sdqn", "install"), ("中小微企业融资", "zxw", "loan"),
        ("中小微企业 支付款项", "zxw", "burden"), ("养老托育设施补助", "yltuoyu", "facility"),
        ("产教融合型企业", "chanjiao", "enterprise"), ("老旧小区改造加装电梯", "laojiu", "elevator"),
        ("就业创业补贴", "jiuye", "subsidy"), ("中小学招生入学", "zhongxiaoxue", "enrollment"),
        ("文化和旅游融合发展规划", "wenlv", "plan"), ("养老和托育服务人才", "yltuoyu", "talent"),
    ]:  # fmt: skip
        add(Q(q, "split_term", t, a))
    # superseded: the current version answers, the replaced ones are partly relevant
    for q, t, a in [
        ("低保标准", "dibao", "standard"), ("公积金贷款最高额度", "gjj", "loan"),
        ("公共租赁住房配租程序", "gongzufang", "apply"), ("居民医保个人缴费标准", "yibao", "enroll"),
        ("专精特新小巨人奖励", "zjtx", "reward"), ("环评告知承诺制审批", "huanping", "approval"),
        ("网约车车辆轴距 使用年限", "wangyueche", "vehicle"), ("就业补贴资金管理办法", "jiuye", "subsidy"),
        ("河湖长制考核办法", "hehu", "appraisal"), ("加装电梯补贴", "laojiu", "elevator"),
        ("非遗传承人认定与管理办法", "feiyi", "inheritor"), ("取消下放行政审批事项目录", "fgf", "reg"),
        ("公积金租房提取标准", "gjj", "withdraw"), ("家庭医生个性化服务包", "jiayi", "package"),
    ]:  # fmt: skip
        add(Q(q, "superseded", t, a))
    # interpretation: the reader wants the 政策解读 of a document
    for q, t, a in [
        ("低保标准调整解读", "dibao", "standard"), ("公积金贷款政策解读", "gjj", "loan"),
        ("双减作业管理政策解读", "shuangjian", "homework"), ("居民医保缴费 问答", "yibao", "enroll"),
        ("专精特新认定 解读", "zjtx", "identify"), ("河湖长制巡查 解读", "hehu", "patrol"),
        ("林长制实施意见解读", "linzhang", "implement"), ("医养结合机构建设解读", "yiyang", "institution"),
        ("公租房申请 政策解读", "gongzufang", "apply"), ("放管服工作要点解读", "fgf", "keypoints"),
        ("非遗名录 解读", "feiyi", "list"), ("中小学招生政策解读", "zhongxiaoxue", "enrollment"),
        ("高校毕业生就业创业 解读", "jiuye", "graduates"), ("老旧小区改造计划解读", "laojiu", "plan"),
    ]:  # fmt: skip
        add(Q(q, "interpretation", t, a, want="interp"))
    # title-weak: the answer is in the body under a general title
    for q, t, w in [
        ("秸秆禁烧", "jieqan", "秸秆"), ("秸秆还田补贴", "jieqan", "秸秆"),
        ("电动自行车充电", "ebike", "电动自行车"), ("燃气安全隐患排查", "gas", "燃气"),
        ("古树名木保护", "gushu", "古树"), ("夜间经济示范街区", "yejing", "夜间经济"),
        ("共享单车乱停乱放", "danche", "租赁自行车"), ("清洁取暖补贴", "qingjie", "清洁取暖"),
        ("农村户厕改造补助", "cesuo", "户厕"), ("学生体质健康测试", "tizhi", "体质健康"),
        ("独生子女父母奖励费", "dusheng", "独生子女"), ("户外广告设施", "guanggao", "户外广告"),
        ("渣土运输车辆", "zhatu", "渣土"), ("养犬登记", "yangquan", "养犬"),
        ("防汛物资储备", "fangxun", "防汛"),
    ]:  # fmt: skip
        add(Q(q, "title_weak", t, "main", words=(w,)))
    # near-duplicates: the title of a notice reposted on district sites
    reposted = sorted({d.dup_of for d in docs if d.dup_of})
    by_key = {d.key: d for d in docs}
    for key in reposted:
        src = by_key[key]
        title = src.title.replace(src.org.name, "", 1)
        add(Q(title, "near_duplicate", src.topic, src.aspect, exact_title=src.title))
    # multi-word: several words, some with a place
    for q, t, a, place in [
        ("{p} 低保 标准", "dibao", "standard", True), ("{p} 公租房 配租", "gongzufang", "apply", True),
        ("{p} 双减 课后服务", "shuangjian", "afterschool", True),
        ("{p} 公积金 贷款 额度", "gjj", "loan", True),
        ("县域 医联体 医保 总额付费", "yilianti", "build", False),
        ("高校毕业生 扩岗补助 招聘", "jiuye", "graduates", False),
        ("5G基站 数据中心 机架", "xjj", "plan", False),
        ("学科类 培训 非营利性 登记", "shuangjian", "training", False),
        ("棚户区 货币补偿 搬迁奖励", "penggai", "compensation", False),
        ("森林覆盖率 林长 护林员", "linzhang", "implement", False),
        ("课后服务 收费 标准", "shuangjian", "afterschool", False),
        ("异地就医 备案 直接结算", "yibao", "remote", False),
        ("电动自行车 楼道 停放 充电", "ebike", "main", False),
        ("{p} 加装电梯 业主同意", "laojiu", "elevator", True),
    ]:  # fmt: skip
        level = district_with(docs, t, a) if place else ""
        add(
            Q(q.format(p=PLACE.get(level, "")).strip(), "multi_word", t, a, level=level)
        )
    out += number_specs(docs)
    out += filtered_specs(docs)
    return out


def number_specs(docs) -> list[Q]:
    """Document numbers and index numbers, each with neighbours that differ a little."""
    out = []
    numbered = [
        d for d in docs
        if d.kind == "document" and d.number and d.role in ("main", "district", "weak", "filler")
        and not any(o.dup_of == d.key for o in docs)
    ]  # fmt: skip
    cited = {}
    for d in docs:
        for other in numbered:
            if other.number in "".join(d.body) and other.key != d.key:
                cited.setdefault(other.key, []).append(d.key)
    by_number = {}
    for d in numbered:
        by_number.setdefault(d.number, []).append(d)
    unique = [d for d in numbered if len(by_number[d.number]) == 1]

    def neighbours(d):
        import re

        m = re.match(r"(.+)〔(\d{4})〕(\d+)号", d.number)
        prefix, year, seq = m.group(1), int(m.group(2)), m.group(3)
        close = {f"{prefix}〔{year - 1}〕{seq}号", f"{prefix}〔{year + 1}〕{seq}号",
                 f"{prefix}〔{year}〕{seq[::-1]}号"}  # fmt: skip
        return sum(1 for o in numbered if o.number in close and o.key != d.key)

    ranked = [d for d in unique if d.numtarget]
    spellings = ["{n}", "{b}", "{p}", "{n}", "{s}"]
    for i, d in enumerate(ranked):
        n = d.number
        variants = {
            "{n}": n, "{b}": n.replace("〔", "[").replace("〕", "]"),
            "{p}": n.replace("〔", "（").replace("〕", "）"),
            "{s}": n.replace("〔", "").replace("〕", "年"),
        }  # fmt: skip
        q = variants[spellings[i % len(spellings)]]
        explicit = {d.key: 3} | dict.fromkeys(cited.get(d.key, []), 1)
        out.append(Q(q, "number", explicit=explicit))
    # index numbers: neighbours differ in the last digits or the year
    indexed = sorted((d for d in docs if d.index), key=lambda d: d.index)
    known = {d.index for d in indexed}
    picks, orgs = [], set()
    for d in indexed:
        code, rest = d.index.split("/")
        year, serial = rest.split("-")
        close = {
            f"{code}/{year}-{int(serial) + 1:05d}",
            f"{code}/{int(year) - 1}-{serial}",
        }
        if code not in orgs and int(serial) >= 5 and close <= known:
            picks.append(d)
            orgs.add(code)
    for d in picks[:8]:
        out.append(Q(d.index, "number", explicit={d.key: 3}))
    return out


def filtered_specs(docs) -> list[Q]:
    out = []
    for q, t, a, filters in [
        ("低保", "dibao", "", {"validity": "valid"}),
        ("公积金", "gjj", "", {"type": "interpretation"}),
        ("公租房", "gongzufang", "", {"type": "news"}),
        ("双减", "shuangjian", "", {"type": "document", "year": "main:shuangjian:homework"}),
        ("河长制", "hehu", "", {"category": "水利"}),
        ("居民医保缴费", "yibao", "enroll", {"validity": "old:yibao:enroll"}),
        ("专精特新", "zjtx", "", {"year": "main:zjtx:identify"}),
        ("放管服", "fgf", "", {"type": "document", "genre": "normative"}),
        ("高企", "gaoqi", "", {"category": "科技"}),
        ("网约车", "wangyueche", "", {"type": "news"}),
        ("加装电梯", "laojiu", "elevator", {"validity": "valid"}),
        ("非遗", "feiyi", "", {"type": "interpretation"}),
        ("医联体", "yilianti", "", {"type": "document", "category": "卫生"}),
        ("公积金贷款", "gjj", "loan", {"validity": "old:gjj:loan"}),
    ]:  # fmt: skip
        f = dict(filters)
        if isinstance(f.get("year"), str):
            _, tt, aa = f["year"].split(":")
            f["year"] = main_doc(docs, tt, aa).year
        if f.get("validity", "").startswith("old:"):
            # the status the replaced version carries (失效 or 废止)
            _, tt, aa = f["validity"].split(":")
            old = next(
                d
                for d in docs
                if d.topic == tt and d.aspect == aa and d.role == "superseded"
            )
            f["validity"] = VALIDITY[old.validity]
        out.append(Q(q, "filtered", t, a, filters=f))
    return out


# --- writing -----------------------------------------------------------------


def write_all(docs, sites, orgs, out, here) -> None:
    if out.exists():
        shutil.rmtree(out)
    for s in sites:
        write_package(out / s.code, s, [d for d in docs if d.site == s.code])
    write_sites(here / "sites.json", sites)
    rows = []
    for i, s in enumerate(specs(docs), start=1):
        grades = grades_for(docs, s)
        row = {"id": f"q{i:03d}", "q": s.q, "category": s.category,
               "filters": s.filters, "grades": grades}  # fmt: skip
        rows.append(row)
    with open(here / "queries.jsonl", "w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    with open(here / "documents.jsonl", "w", encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps(design_row(d), ensure_ascii=False) + "\n")
    cats = {}
    for r in rows:
        cats[r["category"]] = cats.get(r["category"], 0) + 1
    kinds = {}
    for d in docs:
        kinds[d.kind] = kinds.get(d.kind, 0) + 1
    print(f"{len(docs)} pages {kinds}, {len(rows)} queries {cats}")


def design_row(d) -> dict:
    """The evaluator's own record of each page: what it was written to be about."""
    return {
        "key": d.key, "kind": d.kind, "title": d.title, "year": d.year,
        "subject": d.subject, "genre": d.genre, "validity": d.validity,
        "number": d.number, "index": d.index, "topic": d.topic, "aspect": d.aspect,
        "form": d.form, "role": d.role, "mentions": d.mentions,
        "successor": d.successor, "interprets": d.interprets, "dup_of": d.dup_of,
    }  # fmt: skip


def write_sites(path, sites) -> None:
    rows = [s.__dict__ for s in sites]
    path.write_text(
        json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )


def jsonl(path, rows) -> None:
    with open(path, "w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


def write_package(root, site, docs) -> None:
    root.mkdir(parents=True)
    manifest = {
        "format": "govcluster-site-migration",
        "version": 1,
        "site": {"name": f"{site.name}（原网站）", "old_domains": [f"old-{site.code}.qinghe.gov.cn"]},
    }  # fmt: skip
    (root / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    jsonl(root / "columns.jsonl", [
        {"source_id": "col-zcwj", "title": "政策文件", "slug": "zcwj", "kind": "policy"},
        {"source_id": "col-zcjd", "title": "政策解读", "slug": "zcjd", "kind": "interpretation"},
        {"source_id": "col-xwdt", "title": "工作动态", "slug": "gzdt", "kind": "news"},
    ])  # fmt: skip
    used = {}
    for d in docs:
        if d.kind == "document" and d.org is not None:
            used[d.org.name] = d.org
    jsonl(root / "organizations.jsonl", [
        {"source_id": f"org-{o.code}", "name": o.name, "org_code": o.code}
        for o in used.values()
    ])  # fmt: skip
    host = f"http://old-{site.code}.qinghe.gov.cn"
    documents, interps, news = [], [], []
    for d in docs:
        published = f"{d.date} {9 + len(d.sid) % 8:02d}:{(len(d.title) * 7) % 60:02d}"
        common = {"source_id": d.sid, "title": d.title, "published_at": published,
                  "old_url": f"{host}/art/{d.year}/{d.sid}.html"}  # fmt: skip
        if d.kind == "document":
            row = common | {"column": "col-zcwj", "body_text": "\n".join(d.body),
                            "written_date": d.date, "organization": d.org.name,
                            "subject": d.subject, "genre": d.genre, "validity": d.validity}  # fmt: skip
            if d.number:
                row["document_number"] = d.number
            if d.index:
                row["index_number"] = d.index
            documents.append(row)
        elif d.kind == "interpretation":
            interps.append(common | {
                "column": "col-zcjd", "form": d.genre, "interpreter": d.org.name,
                "body_text": "\n".join(d.body),
                "interprets": [{"source_id": d.interprets.split(":", 1)[1]}],
            })  # fmt: skip
        else:
            news.append(common | {"column": "col-xwdt", "source": site.home_title,
                                  "body_text": "\n".join(d.body)})  # fmt: skip
    jsonl(root / "documents.jsonl", documents)
    jsonl(root / "interpretations.jsonl", interps)
    jsonl(root / "news.jsonl", news)
