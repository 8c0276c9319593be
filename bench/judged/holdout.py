# ruff: noqa: E501 -- tables of Chinese queries read better unwrapped
"""Hold-out judged queries: written apart from the ranking work, for reporting only.

    .venv/bin/python bench/judged/holdout.py     # rewrites holdout_queries.jsonl only
    .venv/bin/python bench/judged/generate.py    # rewrites everything, the hold-out file too

A second evaluator wrote these queries after the ranking work on the first 156
(queries.py) had started, without seeing the ranker, its code or its per-query
results. They ask about the same corpus in other words: other aspects of the
topics, the other form of a term, other places, other filters, other document
and index numbers, other spellings. Grades come from the same rules
(``queries.base_grade`` and ``queries.grades_for``, imported, not copied);
where those rules cannot say what a query asks, the grades are written out
(``explicit``) after reading the pages, as README.md ("Hold-out queries") says.

Nobody may tune the ranker on these queries; they are for reporting only.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from queries import INVALID, Q, grades_for, jsonl

HERE = Path(__file__).resolve().parent


def _by_key(docs) -> dict:
    return {d.key: d for d in docs}


def _number_grades(docs, key: str) -> dict:
    """A number query: its document and the reposts carrying the same number (3),
    every page whose text quotes the number (1)."""
    target = _by_key(docs)[key]
    grades = {key: 3}
    for d in docs:
        if d.key == key:
            continue
        if d.dup_of == key:
            grades[d.key] = 3
        elif target.number in "".join(d.body):
            grades[d.key] = 1
    return grades


def _replaced_same_title(docs, spec: Q) -> dict:
    """A notice's title typed by a reader: the rule grades every document bearing
    that exact title 3. A replaced version with the very same title is not the
    answer while the current one is in force: grade 2 (the near-duplicate rule
    and the superseded rule meet here; this set takes the reader's side)."""
    grades = grades_for(docs, spec)
    by_key = _by_key(docs)
    for key, g in grades.items():
        d = by_key[key]
        if g == 3 and d.successor and d.validity in INVALID:
            grades[key] = 2
    return grades


def _named_year(docs, spec: Q, year: int) -> dict:
    """A rule with several versions, asked for by the year of an old one: that
    version is the answer (3); what the rule calls the answer (the current
    version, its reposts, the districts' documents) is highly relevant (2)."""
    grades = grades_for(docs, spec)
    by_key = _by_key(docs)
    old = [
        d
        for d in docs
        if d.topic == spec.topic and d.aspect == spec.aspect
        and d.role == "superseded" and d.year == year
    ]  # fmt: skip
    if len(old) != 1:
        raise SystemExit(f"no single {year} version of {spec.topic}:{spec.aspect}")
    for key, g in grades.items():
        if g == 3 and by_key[key].year != year:
            grades[key] = 2
    grades[old[0].key] = 3
    return grades


# Queries the rules grade as they stand: category -> (query, topic, aspect).
RULED = {
    # the short form, the answers include long-form documents
    "abbreviation": [
        ("低保复核 停发低保金", "dibao", "dynamic"), ("放管服 双随机一公开", "fgf", "supervise"),
        ("居民医保门诊报销比例", "yibao", "outpatient"), ("新基建重点项目清单", "xjj", "projects"),
        ("双创活动周", "shuangchuang", "week"), ("公租房退出 腾退", "gongzufang", "manage"),
        ("高企培育库", "gaoqi", "cultivate"), ("环评受理公示", "huanping", "publicity"),
    ],
    # the long form, the answers include short-form documents
    "full_form": [
        ("最低生活保障边缘家庭 专项救助", "dibao", "edge"),
        ("城乡居民基本医疗保险异地就医", "yibao", "remote"),
        ("网络预约出租汽车驾驶员证 区域科目", "wangyueche", "driver"),
        ("高新技术企业 所得税 研发费用加计扣除", "gaoqi", "tax"),
        ("大众创业万众创新示范基地", "shuangchuang", "base"),
        ("新型基础设施建设三年行动方案", "xjj", "plan"),
        ("专业化精细化特色化新颖化中小企业认定", "zjtx", "identify"),
        ("医疗联合体 双向转诊 康复期", "yilianti", "referral"),
    ],
    # one way of writing a compound, documents use the other
    "split_term": [
        ("医养结合 居家社区 上门巡诊", "yiyang", "home"), ("水电气暖价格", "sdqn", "price"),
        ("产教融合共同体", "chanjiao", "platform"), ("老旧小区改造计划 2025年", "laojiu", "plan"),
        ("中学 小学 安全管理", "zhongxiaoxue", "safety"), ("供水供电供气供暖报装", "sdqn", "install"),
        ("中小企业和小微企业融资 转贷", "zxw", "loan"), ("青年就业创业 招聘专项行动", "jiuye", "graduates"),
    ],
    # the current version answers, replaced ones are partly relevant
    "superseded": [
        ("城乡低保标准 每人每月 最新", "dibao", "standard"),
        ("住房公积金个人住房贷款政策调整", "gjj", "loan"),
        ("居民医保一年交多少钱", "yibao", "enroll"), ("网约车准入条件 现行", "wangyueche", "vehicle"),
        ("环境影响评价文件审批权限办法", "huanping", "approval"),
        ("非物质文化遗产代表性传承人管理办法", "feiyi", "inheritor"),
        ("公积金提取办法", "gjj", "withdraw"),
    ],
    # the reader wants the 政策解读 or 问答 of a document
    "interpretation": [
        ("低保对象认定 政策解读", "dibao", "verify"), ("棚改征收补偿安置 解读", "penggai", "compensation"),
        ("网约车驾驶员从业资格解读", "wangyueche", "driver"), ("公积金提取 问答", "gjj", "withdraw"),
        ("加装电梯 问答", "laojiu", "elevator"), ("水电气暖价格调整解读", "sdqn", "price"),
        ("高企税收优惠 政策解读", "gaoqi", "tax"), ("养老托育设施建设问答", "yltuoyu", "facility"),
    ],
}  # fmt: skip


def holdout_specs(docs) -> list[Q]:
    out: list[Q] = []
    add = out.append
    for category, rows in RULED.items():
        want = "interp" if category == "interpretation" else "doc"
        for q, t, a in rows:
            add(Q(q, category, t, a, want=want))
        if category == "superseded":
            # ... and one reader who asks for an old version by its year
            spec = Q("2023年度居民医保参保缴费通知", "superseded", "yibao", "enroll")
            spec.explicit = _named_year(docs, spec, 2023)
            add(spec)
    # title-weak: the answer is in the body of a document with a general title
    for q, t, words in [
        ("散煤禁燃", "qingjie", ("清洁取暖", "散煤")), ("禁止饲养烈性犬", "yangquan", ("养犬", "烈性犬")),
        ("餐饮场所 可燃气体报警装置", "gas", ("燃气",)), ("三格式化粪池", "cesuo", ("户厕", "化粪池")),
        ("电子围栏 规范停车", "danche", ("租赁自行车",)), ("低洼易涝点 汛期值班", "fangxun", ("防汛",)),
        ("计划生育特殊家庭扶助金", "dusheng", ("计划生育",)),
        ("建筑垃圾 抛洒滴漏", "zhatu", ("渣土", "建筑垃圾")), ("夜市 深夜食堂", "yejing", ("夜间经济",)),
    ]:  # fmt: skip
        add(Q(q, "title_weak", t, "main", words=words))
    out += near_duplicate_specs(docs)
    # multi-word: several words, some with a place (that place's document: 3)
    for q, t, a, level in [
        ("南湖县 低保边缘家庭 救助", "dibao", "edge", "nh"),
        ("临江区 医保 门诊 报销", "yibao", "outpatient", "lj"),
        ("南湖县 中小学 招生 划片", "zhongxiaoxue", "enrollment", "nh"),
        ("临江区 公租房 退出", "gongzufang", "manage", "lj"),
        ("加装电梯 补贴 南湖县", "laojiu", "elevator", "nh"),
        ("高血压 糖尿病 门诊用药 报销", "yibao", "outpatient", ""),
        ("普惠托位 养老床位 建设补贴", "yltuoyu", "facility", ""),
        ("应急转贷 中小企业 贷款奖励", "zxw", "loan", ""),
        ("剪纸 渔歌 皮影戏 非遗项目", "feiyi", "list", ""),
    ]:  # fmt: skip
        add(Q(q, "multi_word", t, a, level=level))
    out += number_specs(docs)
    # filtered: graded pages all satisfy the filters
    for q, t, a, filters in [
        ("最低生活保障", "dibao", "", {"type": "interpretation"}),
        ("环评审批", "huanping", "approval", {"validity": "repealed"}),
        ("非遗传承人", "feiyi", "inheritor", {"validity": "expired"}),
        ("养老托育", "yltuoyu", "", {"type": "news"}),
        ("中小学", "zhongxiaoxue", "", {"category": "教育", "year": 2025}),
        ("就业创业", "jiuye", "", {"type": "document", "genre": "normative"}),
        ("河湖长制", "hehu", "", {"type": "document", "year": 2025}),
        ("文旅融合", "wenlv", "", {"category": "旅游"}),
        ("古树名木", "gushu", "", {"genre": "minutes"}),
        ("网约车驾驶员", "wangyueche", "driver", {"type": "document", "genre": "opinion"}),
    ]:  # fmt: skip
        add(Q(q, "filtered", t, a, filters=filters))
    return out


def near_duplicate_specs(docs) -> list[Q]:
    """Titles typed or pasted whole: with the issuing organ, with the number, a
    district's own version of a city notice, without the book-title marks."""
    by_key = _by_key(docs)
    out = []
    for q, key in [
        # the organ's full title of a notice reposted on district sites
        ("青禾市发展和改革委员会关于做好供水、供电、供气、供暖价格调整工作的通知", "www:wj-0051"),
        ("青禾市教育局关于2025年中学和小学招生入学的通知", "www:wj-0059"),
        # title and number pasted together
        ("关于加强事中事后监管的通知 青政办发〔2025〕48号", "www:wj-0004"),
        # a district's version, whose title differs from the city's by the organ only
        ("青禾市临江区民政局关于调整临江区城乡最低生活保障标准的通知", "lj:wj-0001"),
        ("青禾市南湖县住房和城乡建设局关于印发《公共租赁住房申请条件和配租程序办法》的通知", "nh:wj-0027"),
        ("青禾市北山区人力资源和社会保障局关于印发《就业和创业补贴资金管理办法》的通知", "bs:wj-0068"),
        ("青禾市临江区住房和城乡建设局关于印发《老旧小区综合整治和改造中加装电梯办法》的通知", "lj:wj-0061"),
    ]:  # fmt: skip
        d = by_key[key]
        out.append(Q(q, "near_duplicate", d.topic, d.aspect, exact_title=d.title))
    # typed without 《》 and organ; the 2021 version bears the very same title
    d = by_key["www:wj-0039"]
    spec = Q("关于印发住房公积金提取办法的通知", "near_duplicate", d.topic, d.aspect,
             exact_title=d.title)  # fmt: skip
    spec.explicit = _replaced_same_title(docs, spec)
    out.append(spec)
    return out


def number_specs(docs) -> list[Q]:
    """文号 in the spellings readers use, and 索引号; each has neighbours (the
    reversed serial, the same serial a year before or after, another organ's
    same serial, a longer serial starting with the same digits)."""
    out = []
    for q, key in [
        ("南政办发[2024]1号", "nh:wj-0017"),  # 〔2023〕1号, 〔2025〕1号, 北政办发〔2024〕1号, 〔2024〕12号
        ("北政办发（2023）52号", "bs:wj-0035"),  # 〔2024〕52号, 青政办发 and 临政办发〔2023〕52号
        ("南政发2023年14号", "nh:wj-0081"),  # 〔2022〕14号, 〔2024〕14号, 青政发〔2023〕14号
        ("青政办发〔2023〕52号", "www:wj-0156"),  # 〔2023〕25号, 临政办发 and 北政办发〔2023〕52号
        ("青民发(2023)14号", "mz:wj-0002"),  # replaced 低保标准 (废止); 〔2023〕41号; quoted by its successor
        ("青教发〔2025〕16号", "www:wj-0059"),  # reposted on two district sites, quoted by its 解读
        ("临政办发 〔2024〕59号", "lj:wj-0030"),  # 〔2025〕59号, 青政办发 and 南政办发〔2024〕59号
    ]:  # fmt: skip
        out.append(Q(q, "number", explicit=_number_grades(docs, key)))
    for q, key in [
        ("MB7132241/2023-00004", "zj:wj-0002"),  # the 公租房 rules; -00003, -00005, 2022-00004
        ("MB7164489/2024-00003", "www:wj-0194"),  # -00002, -00004, 2023-00003
        ("MB718448X/2022-00002", "www:wj-0199"),  # check character X; -00001, 2021-00002
        ("MB7170002/2023-00003", "lj:wj-0176"),  # -00002, -00004, 2022-00003
    ]:  # fmt: skip
        if _by_key(docs)[key].index != q:
            raise SystemExit(f"{key}: index is not {q}")
        out.append(Q(q, "number", explicit={key: 3}))
    return out


def write_holdout(docs, here: Path = HERE) -> list[dict]:
    rows = []
    for i, s in enumerate(holdout_specs(docs), start=1):
        grades = grades_for(docs, s)
        if not any(g >= 2 for g in grades.values()):
            raise SystemExit(f"h{i:03d} {s.q}: no page of grade 2 or 3")
        rows.append({"id": f"h{i:03d}", "q": s.q, "category": s.category,
                     "filters": s.filters, "grades": grades})  # fmt: skip
    jsonl(here / "holdout_queries.jsonl", rows)
    print(f"{len(rows)} hold-out queries {dict(Counter(r['category'] for r in rows))}")
    return rows


if __name__ == "__main__":
    import generate

    generate.build()
    write_holdout(generate.DOCS, HERE)
