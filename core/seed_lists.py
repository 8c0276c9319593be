"""Seeded defaults for the word lists; the office edits them in the admin.

Kept as plain data so the migration and the tests read the same list.
"""

# Common errors in government text (wrong form, correct form). Only forms that are
# wrong in every context are listed; context-dependent pairs (截止/截至,
# 必须/必需) would warn on correct text.
DEFAULT_MISSPELLINGS = [
    ("按装", "安装"),
    ("既使", "即使"),
    ("既便", "即便"),
    ("即然", "既然"),
    ("按排", "安排"),
    ("部暑", "部署"),
    ("布署", "部署"),
    ("贯切", "贯彻"),
    ("贯撤", "贯彻"),
    ("资询", "咨询"),
    ("防碍", "妨碍"),
    ("幅射", "辐射"),
    ("通迅", "通讯"),
    ("暴光", "曝光"),
    ("震憾", "震撼"),
    ("峻工", "竣工"),
    ("编篡", "编纂"),
    ("辨公室", "办公室"),
    ("坐谈会", "座谈会"),
    ("再接再励", "再接再厉"),
    ("迫不急待", "迫不及待"),
    ("一愁莫展", "一筹莫展"),
    ("默守成规", "墨守成规"),
    ("变本加利", "变本加厉"),
    ("一如继往", "一如既往"),
    ("不径而走", "不胫而走"),
    ("走头无路", "走投无路"),
    ("名符其实", "名副其实"),
    ("迫在眉捷", "迫在眉睫"),
    ("出奇不意", "出其不意"),
    ("既往不究", "既往不咎"),
    ("一股作气", "一鼓作气"),
    ("中华人民共合国", "中华人民共和国"),
    ("蹋实", "踏实"),
    ("松驰", "松弛"),
    ("气慨", "气概"),
    ("精萃", "精粹"),
    ("针贬", "针砭"),
]

# Classification marks and handling notices that must never appear on a public
# site (《保密法》: secret information must not go online).
DEFAULT_SENSITIVE_WORDS = [
    ("绝密★", "国家秘密密级标志"),
    ("机密★", "国家秘密密级标志"),
    ("秘密★", "国家秘密密级标志"),
    ("内部资料", "内部事务信息，不予公开"),
    ("注意保存", "内部文件保管提示"),
    ("不得外传", "内部文件保管提示"),
    ("涉密文件", "涉密信息不得上网"),
]
