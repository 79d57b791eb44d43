"""Telling Big5/CP950 from GBK (and their supersets) in a sample of bytes.

Both encode a Chinese character as two bytes in overlapping ranges, so a file in one
often decodes without error in the other, as other characters. A strict decode is
tried with each of ``CANDIDATES``; the decodes that succeed are compared by how
ordinary the Chinese text they give is:

1. the share of its non-ASCII characters that are **common**: level 1 of Big5 (the
   5,401 frequently used characters, bytes A440-C67E) or level 1 of GB 2312 (the
   3,755 frequently used characters, bytes B0A1-D7FE), or CJK and full-width
   punctuation. Text decoded with its own codec is nearly all common characters;
   decoded with the other it gives kana, symbols, user-defined and rare characters;
2. equal shares, the share of the characters that are among the most frequent of
   modern written Chinese (``FREQUENT_SIMPLIFIED``, about 1,200 characters, and
   their traditional forms ``FREQUENT_TRADITIONAL``; only membership counts, so
   differences of rank between published frequency lists do not matter). This
   tells the two apart when every character of a short text lies in the byte range
   where both level-1 areas overlap (Big5 "網路" reads in GBK as "呼隔", both common);
3. still equal, the order of ``CANDIDATES``: cp950 before gbk, each before its
   superset (big5hkscs, gb18030), which only wins where it alone decodes.

A decode whose share of common characters is under ``MIN_COMMON_SHARE`` is not taken.
The sample may end in the middle of a character: the last incomplete character is
not held against a codec.

Western text in cp1252 often decodes as GBK too ("Straße;" -> "Stra遝;"), so
:func:`chinese_codec` does not take a decode of text that reads as Latin
(:func:`reads_as_latin`: read as cp1252, at least ``LATIN_SHARE`` of its non-ASCII
characters are letters standing alone between ASCII characters, é in "Café", where
Chinese text read as cp1252 mostly gives runs of symbols and letters, "客服中心" ->
"«ÈªA¤¤¤ß") unless at least ``LATIN_FREQUENT`` of its characters are frequent ones
(short Chinese names can read as Latin: "保險" -> "«OÀI").
"""

from __future__ import annotations

import codecs
from collections import Counter
from dataclasses import dataclass
from functools import cache

CANDIDATES = ("cp950", "gbk", "big5hkscs", "gb18030")
MIN_COMMON_SHARE = 0.5
LATIN_SHARE = 0.5
LATIN_FREQUENT = 0.25
_PUNCTUATION = frozenset("—…·‘’“”") | frozenset(
    chr(c) for c in (*range(0x3000, 0x3040), *range(0xFF01, 0xFF5F))
)

FREQUENT_SIMPLIFIED = (
    "的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年过发后作里用道行所然家种事成方"
    "多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心她本前开但因只从想实日军者意无力它与长把机十民第公此已工使情"
    "明性知全三又关点正业外将两高间由问很最重并物手应战向头文体政美相见被利什二等产或新己制身果加西斯月话合回特代内信表化老给"
    "世位次度门任常先海通教儿原东声提立及比员解水名真论处走义各入几口认条平系气题活尔更别打女变四神总何电数安少报才结反受目太"
    "量再感建务做接必场件计管期市直德资命山金指克许统区保至队形社便空决治展马科司五基眼书非则听白却界达光放强即像难且权思王象"
    "完设式色路记南品住告类求据程北边死张该交规万取拉格望觉术领共确传师观清今切院让识候带导争运笑飞风步改收根干造言联持组每济"
    "车亲极林服快办议往元英士证近失转夫令准布始怎呢存未远叫台单影具罗字爱击流备兵连调深商算质团集百需价花党华城石级整府离况亚"
    "请技际约示复病息究线似官火断精满支视消越器容照须九增研写称企八功吗包片史委乎查轻易早曾除农找装广显吧阿李标谈吃图念六引历"
    "首医局突专费号尽另周较注语仅考落青随选列武红响虽推势参希古众构房半节土投某案黑维革划敌致陈律足态护七兴派孩验责营星够章音"
    "跟志底站严巴例防族供效续施留讲型料终答紧黄绝奇察母京段依批群项故按河米围江织害斗双境客纪采举杀攻父苏密低朝友诉止细愿千值"
    "仍男钱破网热助倒育属坐帝限船脸职速刻乐否刚威毛状率甚独球般普怕弹校苦创假久错承印晚兰试股拿脑预谁益阳若哪微尼继送急血惊伤"
    "素药适波夜省初喜卫源食险待述陆习置居劳财环排福纳欢雷警获模充负云停木游龙树疑层冷洲冲射略范竟句室异激汉村哈策演简卡罪判担"
    "州静退既衣您宗积余痛检差富灵协角占配征修皮挥胜降阶审沉坚善妈刘读啊超免压银买皇养伊怀执副乱抗犯追帮宣佛岁航优怪香著田铁控"
    "税左右份穿艺背阵草脚概恶块顿敢守酒岛托央户烈洋哥索胡款靠评版宝座释景顾弟登货互付伯慢欧换闻危忙核暗姐介坏讨丽良序升监临亮"
    "露永呼味野架域沙掉括舰鱼杂误湾吉减编楚肯测败屋跑梦散温困剑渐封救贵枪缺楼县尚毫移娘朋画班智亦耳恩短掌恐遗固席松秘谢鲁遇康"
    "虑幸均销钟诗藏赶剧票损忽巨炮旧端探湖录叶春乡附吸予礼港雨呀板庭妇归睛饭额含顺输摇招婚脱补谓督毒油疗旅泽材灭逐莫笔亡鲜词圣"
    "择寻厂睡博勒烟授诺伦岸奥唐卖俄炸载洛健堂旁宫喝借君禁阴园谋宋避抓荣姑孙逃牙束跳顶玉镇雪午练迫爷篇肉嘴馆遍凡础洞卷坦牛宁纸"
    "诸训私庄祖丝翻暴森塔默握戏隐熟骨访弱蒙歌店鬼软典欲萨伙遭盘爸扩盖弄雄稳忘亿刺拥徒姆杨齐赛趣曲刀床迎冰虚玩析窗醒妻透购替塞"
    "努休虎扬途侵刑绿兄迅套贸毕唯谷轮库迹尤竞街促延震弃甲伟麻川申缓潜闪售灯针哲络抵朱埃抱鼓植纯夏忍页杰筑折郑贝尊吴秀混臣雅振"
    "染盛怒舞圆搞狂措姓残秋培迷诚宽宇猛摆梅毁伸摩盟末乃悲拍丁赵"
)
FREQUENT_TRADITIONAL = (
    "的一是不了在人有我他這個們中來上大為和國地到以說時要就出會可也你對生能而子那得于於著下自之年過發后後作里裡用道行所然家種"
    "事成方多經么麼去法學如都同現當沒動面麵起看定天分還進好小部其些主樣理心她本前開但因只隻從想實日軍者意無力它與長把機十民第"
    "公此已工使情明性知全三又關點正業外將兩高間由問很最重并物手應戰向頭文體政美相見被利什二等產或新己制製身果加西斯月話合回特"
    "代內信表化老給世位次度門任常先海通教儿兒原東聲提立及比員解水名真論處走義各入几幾口認條平系係繫氣題活爾更別打女變四神總何"
    "電數安少報才結反受目太量再感建務做接必場件計管期市直德資命山金指克許統區保至隊形社便空決治展馬科司五基眼書非則听聽白卻界"
    "達光放強即像難且權思王象完設式色路記南品住告類求據程北邊死張該交規萬取拉格望覺術領共確傳師觀清今切院讓識候帶導爭運笑飛風"
    "步改收根干幹乾造言聯持組每濟車親極林服快辦議往元英士證近失轉夫令准準布始怎呢存未遠叫台臺單影具羅字愛擊流備兵連調深商算質"
    "團集百需價花黨華城石級整府離況亞請技際約示復複病息究線似官火斷精滿支視消越器容照須九增研寫稱企八功嗎包片史委乎查輕易早曾"
    "除農找裝廣顯吧阿李標談吃圖念六引歷曆首醫局突專費號盡另周週較注語僅考落青隨選列武紅響雖推勢參希古眾構房半節土投某案黑維革"
    "划劃敵致陳律足態護七興派孩驗責營星夠章音跟志底站嚴巴例防族供效續施留講型料終答緊黃絕奇察母京段依批群項故按河米圍江織害斗"
    "鬥雙境客紀采採舉殺攻父蘇密低朝友訴止細愿千值仍男錢破網熱助倒育屬坐帝限船臉職速刻樂否剛威毛狀率甚獨球般普怕彈校苦創假久錯"
    "承印晚蘭試股拿腦預誰益陽若哪微尼繼送急血驚傷素藥適波夜省初喜衛源食險待述陸習置居勞財環排福納歡雷警獲模充負云雲停木游遊龍"
    "樹疑層冷洲衝射略范範竟句室異激漢村哈策演簡卡罪判擔州靜退既衣您宗積余餘痛檢差富靈協角占佔配征徵修皮揮勝降階審沉堅善媽劉讀"
    "啊超免壓銀買皇養伊懷執副亂抗犯追幫宣佛歲航優怪香田鐵控稅左右份穿藝背陣草腳概惡塊頓敢守酒島托央戶烈洋哥索胡鬍款靠評版寶座"
    "釋景顧弟登貨互付伯慢歐換聞危忙核暗姐介坏壞討麗良序升監臨亮露永呼味野架域沙掉括艦魚雜誤灣吉減編楚肯測敗屋跑夢散溫困劍漸封"
    "救貴槍缺樓縣尚毫移娘朋畫班智亦耳恩短掌恐遺固席松鬆秘謝魯遇康慮幸均銷鐘鍾詩藏趕劇票損忽巨炮舊端探湖錄葉春鄉附吸予禮港雨呀"
    "板庭婦歸睛飯額含順輸搖招婚脫補謂督毒油療旅澤材滅逐莫筆亡鮮詞聖擇尋廠睡博勒煙授諾倫岸奧唐賣俄炸載洛健堂旁宮喝借君禁陰園謀"
    "宋避抓榮姑孫逃牙束跳頂玉鎮雪午練迫爺篇肉嘴館遍凡礎洞卷捲坦牛寧紙諸訓私莊祖絲翻暴森塔默握戲隱熟骨訪弱蒙歌店鬼軟典欲薩伙夥"
    "遭盤爸擴蓋弄雄穩忘億刺擁徒姆楊齊賽趣曲刀床迎冰虛玩析窗醒妻透購替塞努休虎揚途侵刑綠兄迅套貿畢唯谷穀輪庫跡尤競街促延震棄甲"
    "偉麻川申緩潛閃售燈針哲絡抵朱埃抱鼓植純夏忍頁杰傑筑築折鄭貝尊吳秀混臣雅振染盛怒舞圓搞狂措姓殘秋培迷誠寬宇猛擺梅毀伸摩盟末"
    "乃悲拍丁趙"
)


def _area(codec: str, first: bytes, last: bytes, trails: range) -> set[str]:
    """The characters ``codec`` gives for the byte pairs from ``first`` to ``last``."""
    out = set()
    for lead in range(first[0], last[0] + 1):
        for trail in trails:
            pair = bytes((lead, trail))
            if first <= pair <= last:
                try:
                    out.add(pair.decode(codec))
                except UnicodeDecodeError:
                    continue
    return out


@cache
def common_characters() -> frozenset[str]:
    """Level 1 of Big5 and of GB 2312, and CJK and full-width punctuation."""
    big5 = _area("cp950", b"\xa4\x40", b"\xc6\x7e", range(0x40, 0xFF))
    gb2312 = _area("gbk", b"\xb0\xa1", b"\xd7\xfe", range(0xA1, 0xFF))
    return frozenset(big5 | gb2312) | _PUNCTUATION


@cache
def frequent_characters() -> frozenset[str]:
    """The most frequent characters, simplified and traditional."""
    return frozenset(FREQUENT_SIMPLIFIED) | frozenset(FREQUENT_TRADITIONAL)


def strict_decode(sample: bytes, codec: str) -> str | None:
    """``sample`` decoded with ``codec`` without any error (an incomplete character at
    the end is left out), or None."""
    try:
        return codecs.getincrementaldecoder(codec)("strict").decode(sample, final=False)
    except UnicodeDecodeError:
        return None


def score(text: str) -> tuple[float, float]:
    """(share of common characters, share of frequent characters) among the
    non-ASCII characters of ``text``; (0, 0) when it has none."""
    counts = Counter(text)
    wide = {c: n for c, n in counts.items() if ord(c) >= 0x80}
    total = sum(wide.values())
    if not total:
        return 0.0, 0.0
    common, frequent = common_characters(), frequent_characters()
    return (
        sum(n for c, n in wide.items() if c in common) / total,
        sum(n for c, n in wide.items() if c in frequent) / total,
    )


@dataclass(frozen=True)
class Reading:
    """A codec's strict decode of a sample: its shares of common and frequent characters."""

    codec: str
    common: float
    frequent: float


def best_reading(sample: bytes) -> Reading | None:
    """The decode of ``CANDIDATES`` that reads as the most ordinary Chinese (see the
    module's docstring), or None when none decodes or none reaches
    ``MIN_COMMON_SHARE`` common characters."""
    scored = []
    for order, codec in enumerate(CANDIDATES):
        text = strict_decode(sample, codec)
        if text is not None:
            scored.append((*score(text), -order, codec))
    if not scored:
        return None
    common, frequent, _, codec = max(scored)
    return Reading(codec, common, frequent) if common >= MIN_COMMON_SHARE else None


def chinese_codec(sample: bytes) -> str | None:
    """The codec of :func:`best_reading`, unless ``sample`` reads as Western text and
    that decode has fewer than ``LATIN_FREQUENT`` frequent characters."""
    reading = best_reading(sample)
    if reading is None:
        return None
    if reading.frequent < LATIN_FREQUENT and reads_as_latin(sample):
        return None
    return reading.codec


def reads_as_latin(sample: bytes) -> bool:
    """Whether ``sample`` reads as Western text in cp1252: it decodes, and at least
    ``LATIN_SHARE`` of its non-ASCII characters are letters whose neighbours are ASCII."""
    text = strict_decode(sample, "cp1252")
    if text is None:
        return False
    wide = [i for i, c in enumerate(text) if ord(c) >= 0x80]
    if not wide:
        return False
    alone = sum(
        text[i].isalpha()
        and (i == 0 or ord(text[i - 1]) < 0x80)
        and (i + 1 == len(text) or ord(text[i + 1]) < 0x80)
        for i in wide
    )
    return alone >= LATIN_SHARE * len(wide)
