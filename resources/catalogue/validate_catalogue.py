#!/usr/bin/env python3
"""Validate the sample provincial service catalogue (catalogue.json).

Usage: python3 validate_catalogue.py [path/to/catalogue.json]

Checks the Item / Field shape of shared/platform-api.md ("Objects") plus the
catalogue's own rules (counts, codes, translations, materials, forms, OCR
sources). Prints one line per violation and exits 1 if there are any,
0 otherwise. Python 3 standard library only.
"""
import json
import os
import re
import sys
from collections import Counter

# ---------------------------------------------------------------- thresholds
MIN_ITEMS = 110
MIN_DEPARTMENTS = 10
MIN_LIFE_EVENTS = 8
MIN_COMMITMENT = 30
MIN_TOLERABLE = 20
MIN_SHARED = 20
MIN_AGENT = 40
MIN_CROSS_BORDER = 5
FACE_RATIO = (0.10, 0.20)          # "about 15 %" of items need face verification
MIN_HK_DIFFERENT_NAMES = 0.90      # zh_HK must differ from zh_CN for >= 90 % of item names

# ---------------------------------------------------------------- vocabularies
ITEM_TYPES = {"行政许可", "行政确认", "行政给付", "公共服务", "其他"}
MATERIAL_FORMS = {"original", "copy", "electronic"}
DELIVERY = {"pickup", "mail", "self_print", "online"}
FIELD_TYPES = {"text", "number", "date", "id_number", "phone", "choice", "address"}
IDCARD_SOURCES = {"idcard.name", "idcard.id_number", "idcard.address", "idcard.sex", "idcard.birth_date"}
AUDIENCE = {"individual", "enterprise"}
PHONE_PATTERN = "^1[3-9][0-9]{9}$"
LANGS = ("zh_CN", "zh_HK", "en")

ITEM_MEMBERS = ["code", "name", "type", "department", "basis", "conditions", "materials",
                "legal_limit_days", "promised_limit_days", "fee", "fees", "fee_payable_at_kiosk", "commitment", "delivery",
                "agent_allowed", "face_required", "form", "high_frequency", "cross_border", "version"]
ITEM_EXTENSIONS = {"life_events", "audience", "keywords"}
MATERIAL_MEMBERS = {"id", "name", "required", "tolerable", "copies", "form", "shared"}
FIELD_MEMBERS = {"key", "label", "type", "required", "pattern", "choices", "source"}

# OCR fields the kiosk can extract from the well-known materials
OCR_FIELDS = {
    "household_register": {"name", "id_number", "address", "birth_date", "relationship"},
    "business_licence": {"credit_code", "company_name"},
    "marriage_certificate": {"cert_number", "date"},
}
# materials whose id is fixed, because OCR field extraction keys on it:
# a material whose Chinese name starts with the prefix (and is not an application form)
# must use the id
CANONICAL_IDS = [
    ("居民户口簿", "household_register"),
    ("营业执照", "business_licence"),
    ("结婚证", "marriage_certificate"),
    ("授权委托书", "authorisation_letter"),
    ("出生医学证明", "birth_certificate"),
    ("中华人民共和国残疾人证", "disability_certificate"),
    ("不动产权证书", "property_certificate"),
    ("劳动合同", "labour_contract"),
    ("医疗费用收费票据", "medical_invoice"),
]

CODE_RE = re.compile(r"^GD-([A-Z]{2,4})-([0-9]{3})$")
SNAKE_RE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
DEPT_CODE_RE = re.compile(r"^[A-Z]{2,4}$")
EVENT_CODE_RE = re.compile(r"^[A-Z][A-Z_]*$")
OCR_RE = re.compile(r"^ocr:([a-z][a-z0-9_]*):([a-z][a-z0-9_]*)$")
CJK_RE = re.compile("[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")
EN_EXTRA = set("\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u00b7\u00e9\u00e8\u00fc\u00f6\u00d7\u00b0")

# Characters that exist only as Simplified forms (GB 2312 characters that ICU's Hans-Hant
# transliterator changes and that Big5 does not contain). None may appear in zh_HK text.
SIMPLIFIED_ONLY = frozenset(
    "皑蔼碍爱袄奥坝罢摆败颁办绊帮绑镑谤剥饱宝报鲍辈贝钡狈备惫绷笔毕毙币闭边编贬变辩辫标鳖别瘪濒滨宾摈饼拨钵铂驳补财参残惭惨灿苍舱仓沧厕侧册测层诧搀掺蝉馋谗缠铲产阐颤"
    "场尝长偿肠畅钞车彻尘陈衬撑称惩诚骋迟驰耻齿炽冲宠畴踌筹绸橱厨锄雏础储处传疮闯创锤纯绰辞词赐聪葱囱从丛凑蹿窜错达带贷担单郸掸胆惮诞弹当挡荡档捣岛祷导盗灯邓敌涤递缔"
    "颠点垫电钓调谍叠钉顶锭订丢东动栋冻犊独读赌镀锻断缎兑队对顿钝夺堕鹅额讹恶饿尔饵贰发罚阀珐矾钒烦贩饭访纺飞诽废费纷坟奋愤粪枫锋风疯冯缝讽凤肤辐抚辅赋负讣妇缚该钙盖"
    "秆赣冈刚钢纲岗镐搁鸽阁铬个给龚宫巩贡钩沟购够蛊顾剐关观馆惯贯广规归龟闺轨诡贵刽辊滚锅国过骇韩汉号阂鹤贺横恒轰鸿红壶护沪户哗华画话欢环还缓换唤痪焕涣黄谎挥辉毁贿秽"
    "会烩汇讳诲绘荤浑获货祸击积饥迹讥鸡绩缉辑级挤蓟剂济计记际继纪夹荚颊贾钾驾歼监坚笺间艰缄检碱硷拣捡简俭减槛鉴践贱见键舰剑饯渐溅涧将浆蒋桨奖讲酱胶浇骄娇搅铰矫侥脚饺"
    "缴绞轿较阶节结诫届紧锦仅谨进晋烬尽劲荆茎鲸经颈静镜径痉竞净纠厩旧驹举锯惧剧鹃绢觉决诀绝钧军骏开凯颗壳课垦恳抠库裤块侩宽矿旷况亏岿窥馈溃扩阔莱来赖蓝栏拦篮阑兰澜谰"
    "揽览懒缆烂滥捞劳涝乐镭垒类泪鲤礼丽厉励砾历沥隶俩联莲连镰涟敛脸链恋炼练粮凉两辆谅疗辽镣猎临邻鳞凛赁龄铃灵领馏刘龙聋咙笼垄拢陇楼娄搂篓芦卢颅庐炉掳卤虏鲁赂禄录陆驴"
    "吕铝侣屡缕虑滤绿峦挛孪滦乱抡轮伦仑沦纶论萝罗逻锣箩骡骆络妈玛码蚂马骂吗买麦卖迈脉瞒馒蛮满谩猫锚铆贸没镁门闷们锰梦谜弥觅幂绵缅庙灭悯闽鸣铭谬谋亩呐钠纳难挠脑恼闹馁"
    "内拟腻撵酿鸟聂啮镊镍柠狞拧钮纽脓浓农疟诺欧鸥殴呕沤盘庞抛赔喷鹏骗飘频贫凭评泼颇铺谱脐齐骑岂启弃讫牵钎铅迁签谦钱钳潜浅谴堑枪呛墙蔷强抢锹桥乔侨翘窍窃钦亲寝轻氢倾顷"
    "请庆琼穷趋区躯驱龋颧权劝却鹊让饶绕热韧认纫荣绒软锐闰润萨鳃赛叁伞丧骚扫涩杀刹纱筛删闪陕赡缮伤赏烧绍赊摄慑设绅审婶肾渗声绳师狮湿诗时蚀实识驶势释饰视试寿兽枢输书赎"
    "属术树竖数帅双谁税顺说硕烁丝饲耸怂颂讼诵擞苏诉肃虽随绥岁孙损笋缩琐锁獭挞态摊贪瘫滩坛谭谈叹汤烫涛绦讨腾誊锑题屉条贴铁厅烃铜统头秃图团颓蜕脱鸵驮驼椭袜弯湾顽韦违围"
    "为潍维苇伟伪纬谓卫温闻纹稳问挝蜗涡窝卧呜钨乌诬无芜吴坞雾务误锡牺袭习铣戏细虾辖峡侠狭厦吓锨鲜纤贤衔闲显险现献县馅宪线厢镶乡详响项萧嚣销晓啸协挟携胁谐写泻谢锌衅兴"
    "汹锈绣虚嘘须许叙绪续轩悬选癣绚学勋询寻驯训讯逊压鸦鸭哑亚讶阉烟盐严颜阎艳厌砚彦谚验鸯杨扬疡阳养样瑶摇尧遥窑谣药爷页业叶医铱颐遗仪蚁艺亿忆义诣议谊译绎荫阴银饮隐樱"
    "婴鹰应缨莹萤营荧蝇赢颖哟拥痈咏忧邮铀犹诱舆鱼渔娱屿语狱誉预驭鸳渊辕园员圆缘远约跃钥粤悦阅郧匀陨运蕴酝晕韵杂灾载攒暂赞赃脏凿枣责择则泽贼赠轧铡闸栅诈斋债毡盏斩辗崭"
    "栈战绽张涨帐账胀赵蛰辙锗这贞针侦诊镇阵挣睁狰争帧郑证织职执纸挚掷帜质滞钟终肿众诌轴皱昼骤猪诸诛烛瞩嘱贮铸驻专砖转赚桩装妆壮状锥赘坠缀谆浊兹资渍踪综总纵邹诅组钻亘"
    "鼗芈啬厍厣厮靥赝匦匮赜刭刿剀伛伥伧伫侪侬俦俨俪俣偾偬偻傥傧傩佥籴黉冁凫兖衮亵脔禀讠讦讧讪讴讵讷诂诃诋诏诎诒诓诔诖诘诙诜诟诠诤诨诩诮诰诳诶诹诼诿谀谂谄谇谌谏谑谒谔"
    "谕谖谙谛谘谝谟谠谡谥谧谪谫谮谯谲谳谵谶陉陧邝邬邺郏郐郓郦刍奂劢巯垩圹坜坂垅垆垭垲垴埘埚埙埯芗苈苋苌苁苎茏茑茔茕荛荜荞荟荠荦荥荨荩荬荪荭荮莳莴莅莶莸莺莼萦蒇蒉蒌蓦"
    "蓠蓥蓣蔹蔺蕲薮藓蘖奁尴扪抟挢掴掼揿摅撄撷撸撺弑叽呒呓呖呗呙吣咛咝哒哓哔哕哙哜咤哝唛唠唢啧啭喽喾嗫嗳辔嘤噜囵帏帱帻帼岖岘岙岚岽峄峤峥崂崃嵘嵝巅徕犷犸狯狲猃猡猕猬饣"
    "饧饨饩饪饫饬饴饷饽馀馄馇馊馍馐馑馓馔馕庑赓廪怃怄忾怅怆怿恸恹恻恺恽悭惬愠愦懔闩闫闱闳闵闶闼闾阃阄阆阈阊阋阌阍阏阒阕阖阗阙阚沣沩泷泸泺泾浃浈浍浏浒浔涞涠渎渑渖渌溆"
    "滟滠滢滗潆潇漤潋潴濑灏骞迩迳逦屦弪妩妪妫姗娅娆娈姹娲娴婵媪嫒嫔嫱嬷驵驷驸驺驿驽骀骁骅骈骊骐骒骓骖骘骛骜骝骟骠骢骣骥骧纟纡纣纥纨纩纭纰纾绀绁绂绉绋绌绐绔绗绛绠绡绨"
    "绫绮绯绱绲缍绶绺绻绾缁缂缃缇缈缋缌缏缑缒缗缙缜缛缟缡缢缣缤缥缦缧缪缫缬缭缯缰缱缲缳缵玑玮珑顼玺珲琏瑷璎瓒韪韫韬杩枥枧枨枞枭栉栊栌栀栎柽桠桡桢桤桦桧栾棂椟椠椤椁榄"
    "榇榈榉槟槠樯橥橹橼檩殁殇殒殓殚殡轫轭轱轲轳轵轶轸轷轹轺轼轾辁辂辄辇辋辍辎辏辘辚戋戗戬瓯昙晔晖暧贲贳贶贻贽赀赅赆赈赉赇赍赕赙觇觊觋觌觎觏觐觑牦毵氇氩氲牍胧胨胪胫脍"
    "脶腽腭膑欤飑飒飓飕飙飚毂齑斓炀炜炝烨焖焘祢祯禅怼悫懑戆泶矶砀砗砜砺砻硖硗碛碜礴龛眍眦睐睑罴羁钅钆钇钋钊钌钍钏钐钔钗钕钚钛钜钣钤钫钪钭钬钯钰钲钴钶钷钸钹钺钼钽钿铄"
    "铈铉铊铋铌铍铎铐铑铒铕铖铗铙铘铛铞铟铠铢铤铥铧铨铪铩铫铮铯铳铴铵铷铹铼铽铿锃锂锆锇锉锊锍锎锏锒锓锔锕锖锘锛锝锞锟锢锪锫锩锬锱锲锴锶锷锸锼锾锿镂锵镄镅镆镉镌镎镏镒"
    "镓镔镖镗镘镙镛镞镟镝镡镢镤镥镦镧镨镩镪镫镬镯镱镲镳锺稆穑鸠鸢鸨鸩鸪鸫鸬鸲鸱鸶鸸鸷鸹鸺鸾鹁鹂鹄鹆鹇鹈鹉鹋鹌鹎鹑鹕鹗鹚鹛鹜鹞鹣鹦鹧鹨鹩鹪鹫鹬鹱鹭鹳疖疠疬疴疱痖痨痫瘅"
    "瘗瘘瘿瘾癞癫窦窭裆裢裣裥褛褴皲耢耧聍聩顸颀颃颉颌颍颏颔颚颛颞颟颡颢颥颦虬虿蚬蛎蛏蛱蛲蛳蛴蝈蝾蝼螨罂笃笕笾筚筝箦箧箨箪箫篑簖籁舣舻袅羟籼粝粜糁糇絷麸趱酽酾鹾趸跄跞"
    "跷跸跹跻踬踯蹑蹒蹰躏躜觞觯靓雳霁霭龀龃龅龆龇龈龉龊龌黾鼋鼍隽雠銮錾鱿鲂鲅鲆鲇鲈稣鲋鲎鲐鲑鲒鲔鲕鲚鲛鲞鲟鲠鲡鲢鲣鲥鲦鲧鲨鲩鲫鲭鲮鲰鲱鲲鲳鲴鲵鲶鲷鲺鲻鲼鲽鳄鳅鳆鳇鳊"
    "鳋鳌鳍鳎鳏鳐鳓鳔鳕鳗鳘鳙鳜鳝鳟鳢鞑鞒鞯鹘髅髋髌魇魉飨餍鬓黩黪鼹"
)


class Report:
    def __init__(self):
        self.errors = []

    def err(self, where, msg):
        self.errors.append("%s: %s" % (where, msg))


def is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def check_i18n(rep, where, obj, what="name"):
    """{zh_CN, zh_HK, en}: all non-empty strings, zh_HK converted, en ASCII-ish."""
    if not isinstance(obj, dict):
        rep.err(where, "%s must be an object {zh_CN, zh_HK, en}" % what)
        return False
    ok = True
    extra = set(obj) - set(LANGS)
    if extra:
        rep.err(where, "%s has unexpected language keys %s" % (what, sorted(extra)))
    for lang in LANGS:
        v = obj.get(lang)
        if not isinstance(v, str) or not v.strip():
            rep.err(where, "%s.%s is missing or empty" % (what, lang))
            ok = False
    if not ok:
        return False
    zh_cn, zh_hk, en = obj["zh_CN"], obj["zh_HK"], obj["en"]
    if not CJK_RE.search(zh_cn):
        rep.err(where, "%s.zh_CN contains no Chinese characters: %r" % (what, zh_cn))
    bad = sorted({c for c in zh_hk if c in SIMPLIFIED_ONLY})
    if bad:
        rep.err(where, "%s.zh_HK contains Simplified-only characters %s (not converted to Traditional): %r" % (what, "".join(bad), zh_hk))
    else:
        try:
            zh_hk.encode("big5hkscs")
        except UnicodeEncodeError as e:
            rep.err(where, "%s.zh_HK has a character outside Big5-HKSCS (%r): %r" % (what, zh_hk[e.start:e.end], zh_hk))
    non_ascii = sorted({c for c in en if ord(c) > 127 and c not in EN_EXTRA})
    if non_ascii or CJK_RE.search(en):
        rep.err(where, "%s.en is not ASCII-ish English (unexpected characters %r): %r" % (what, "".join(non_ascii), en))
    return True


def check_commitment_text(rep, where, cm):
    if not isinstance(cm, dict):
        rep.err(where, "commitment must be an object {allowed, text}")
        return False
    if set(cm) != {"allowed", "text"}:
        rep.err(where, "commitment must have exactly the members allowed and text (has %s)" % sorted(cm))
    allowed = cm.get("allowed")
    if not isinstance(allowed, bool):
        rep.err(where, "commitment.allowed must be a boolean")
        return False
    text = cm.get("text")
    if allowed:
        if text is None:
            rep.err(where, "commitment.allowed is true but commitment.text is null")
        else:
            check_i18n(rep, where, text, "commitment.text")
    elif text is not None:
        rep.err(where, "commitment.allowed is false but commitment.text is not null")
    return allowed


def check_materials(rep, where, mats):
    """Returns {material id: material} for the well-formed ones."""
    by_id = {}
    if not isinstance(mats, list) or not mats:
        rep.err(where, "materials must be a non-empty list")
        return by_id
    ids = Counter()
    for n, m in enumerate(mats):
        mw = "%s materials[%d]" % (where, n)
        if not isinstance(m, dict):
            rep.err(mw, "material must be an object")
            continue
        missing = MATERIAL_MEMBERS - set(m)
        if missing:
            rep.err(mw, "missing members %s" % sorted(missing))
        extra = set(m) - MATERIAL_MEMBERS
        if extra:
            rep.err(mw, "unexpected members %s" % sorted(extra))
        mid = m.get("id")
        if not isinstance(mid, str) or not SNAKE_RE.match(mid):
            rep.err(mw, "id %r is not snake_case ASCII" % (mid,))
        else:
            mw = "%s material %s" % (where, mid)
            ids[mid] += 1
            by_id[mid] = m
        if "name" in m and check_i18n(rep, mw, m["name"]):
            zh = m["name"]["zh_CN"]
            for prefix, canon in CANONICAL_IDS:
                if zh.startswith(prefix) and mid != canon and not re.search("申请[表书]", zh):
                    rep.err(mw, "material named %r must use the shared id %r (OCR keys on it)" % (zh, canon))
        for flag in ("required", "tolerable", "shared"):
            if flag in m and not isinstance(m[flag], bool):
                rep.err(mw, "%s must be a boolean" % flag)
        if m.get("tolerable") is True and m.get("required") is not True:
            rep.err(mw, "tolerable (容缺) is only allowed for required materials")
        if m.get("shared") is True and m.get("tolerable") is True:
            rep.err(mw, "a shared material cannot also be tolerable")
        copies = m.get("copies")
        if not is_int(copies) or copies < 1:
            rep.err(mw, "copies must be an integer >= 1 (got %r)" % (copies,))
        if m.get("form") not in MATERIAL_FORMS:
            rep.err(mw, "form %r is not one of %s" % (m.get("form"), sorted(MATERIAL_FORMS)))
    for mid, c in ids.items():
        if c > 1:
            rep.err(where, "material id %r is used %d times" % (mid, c))
    return by_id


def check_form(rep, where, form, materials):
    if not isinstance(form, list) or not form:
        rep.err(where, "form must be a non-empty list of fields")
        return
    keys = Counter()
    has_name = has_id = has_phone = False
    ocr_materials = set()
    for n, f in enumerate(form):
        fw = "%s form[%d]" % (where, n)
        if not isinstance(f, dict):
            rep.err(fw, "field must be an object")
            continue
        missing = FIELD_MEMBERS - set(f)
        if missing:
            rep.err(fw, "missing members %s" % sorted(missing))
        extra = set(f) - FIELD_MEMBERS
        if extra:
            rep.err(fw, "unexpected members %s" % sorted(extra))
        key = f.get("key")
        if not isinstance(key, str) or not SNAKE_RE.match(key):
            rep.err(fw, "key %r is not snake_case ASCII" % (key,))
        else:
            fw = "%s field %s" % (where, key)
            keys[key] += 1
        if "label" in f:
            check_i18n(rep, fw, f["label"], "label")
        ftype = f.get("type")
        if ftype not in FIELD_TYPES:
            rep.err(fw, "type %r is not one of %s" % (ftype, sorted(FIELD_TYPES)))
        if not isinstance(f.get("required"), bool):
            rep.err(fw, "required must be a boolean")
        pattern = f.get("pattern")
        if not isinstance(pattern, str):
            rep.err(fw, "pattern must be a string (\"\" for none)")
        elif pattern:
            try:
                re.compile(pattern)
            except re.error as e:
                rep.err(fw, "pattern %r does not compile: %s" % (pattern, e))
        choices = f.get("choices")
        if not isinstance(choices, list):
            rep.err(fw, "choices must be a list")
        elif ftype == "choice":
            if not choices:
                rep.err(fw, "a choice field needs a non-empty choices list")
            values = Counter()
            for k, ch in enumerate(choices):
                cw = "%s choices[%d]" % (fw, k)
                if not isinstance(ch, dict) or set(ch) != {"value", "label"}:
                    rep.err(cw, "choice must be an object with exactly value and label")
                    continue
                if not isinstance(ch["value"], str) or not ch["value"]:
                    rep.err(cw, "choice value must be a non-empty string")
                else:
                    values[ch["value"]] += 1
                check_i18n(rep, cw, ch["label"], "label")
            for v, c in values.items():
                if c > 1:
                    rep.err(fw, "choice value %r repeated" % v)
        elif choices:
            rep.err(fw, "choices must be [] for a field of type %r" % ftype)
        source = f.get("source")
        if not isinstance(source, str):
            rep.err(fw, "source must be a string")
            continue
        m = OCR_RE.match(source)
        if source in IDCARD_SOURCES or source == "input":
            pass
        elif m:
            mid, mfield = m.group(1), m.group(2)
            ocr_materials.add(mid)
            if mid not in materials:
                rep.err(fw, "source %r names material %r which this item does not list" % (source, mid))
            elif materials[mid].get("shared") is True:
                rep.err(fw, "source %r reads a shared material, which the kiosk never asks for" % source)
            if mid in OCR_FIELDS and mfield not in OCR_FIELDS[mid]:
                rep.err(fw, "source %r: %s OCR field must be one of %s" % (source, mid, sorted(OCR_FIELDS[mid])))
        else:
            rep.err(fw, "source %r is not idcard.<name|id_number|address|sex|birth_date>, input or ocr:<material_id>:<field>" % source)
        if source == "idcard.name" and f.get("required") is True:
            has_name = True
        if source == "idcard.id_number":
            if ftype != "id_number":
                rep.err(fw, "the idcard.id_number field must have type id_number")
            elif f.get("required") is True:
                has_id = True
        if ftype == "phone":
            if source != "input":
                rep.err(fw, "a phone field must have source input")
            if pattern != PHONE_PATTERN:
                rep.err(fw, "a phone field must have pattern %r" % PHONE_PATTERN)
            if source == "input" and pattern == PHONE_PATTERN and f.get("required") is True:
                has_phone = True
    for k, c in keys.items():
        if c > 1:
            rep.err(where, "field key %r is used %d times" % (k, c))
    if not has_name:
        rep.err(where, "form lacks a required applicant name field with source idcard.name")
    if not has_id:
        rep.err(where, "form lacks a required id_number field with source idcard.id_number")
    if not has_phone:
        rep.err(where, "form lacks a required phone field (source input, pattern %s)" % PHONE_PATTERN)
    # a material that must be OCR'd must be read by at least one field
    for mid in OCR_FIELDS:
        mat = materials.get(mid)
        if mat is not None and mat.get("shared") is not True and mid not in ocr_materials:
            rep.err(where, "material %s is asked for but no field has source ocr:%s:<%s>" % (mid, mid, "|".join(sorted(OCR_FIELDS[mid]))))


def check_named_list(rep, where, lst, code_re):
    codes = []
    if not isinstance(lst, list):
        rep.err(where, "must be a list")
        return codes
    seen = Counter()
    for n, e in enumerate(lst):
        ew = "%s[%d]" % (where, n)
        if not isinstance(e, dict) or set(e) != {"code", "name"}:
            rep.err(ew, "entry must be an object with exactly code and name")
            continue
        if not isinstance(e["code"], str) or not code_re.match(e["code"]):
            rep.err(ew, "code %r is malformed" % (e["code"],))
            continue
        seen[e["code"]] += 1
        codes.append(e["code"])
        check_i18n(rep, "%s %s" % (where, e["code"]), e["name"])
    for c, k in seen.items():
        if k > 1:
            rep.err(where, "code %r repeated" % c)
    return codes


def validate(cat):
    rep = Report()
    if not isinstance(cat, dict):
        rep.err("catalogue", "top level must be an object")
        return rep, {}
    for k in ("version", "generated_note", "life_events", "departments", "items"):
        if k not in cat:
            rep.err("catalogue", "missing top-level member %r" % k)
    if not is_int(cat.get("version")) or cat.get("version", 0) < 1:
        rep.err("catalogue", "version must be an integer >= 1")
    if not isinstance(cat.get("generated_note"), str) or not cat.get("generated_note"):
        rep.err("catalogue", "generated_note must be a non-empty string")

    events = set(check_named_list(rep, "life_events", cat.get("life_events", []), EVENT_CODE_RE))
    depts = set(check_named_list(rep, "departments", cat.get("departments", []), DEPT_CODE_RE))
    if len(events) < MIN_LIFE_EVENTS:
        rep.err("life_events", "%d life events, at least %d required" % (len(events), MIN_LIFE_EVENTS))
    if len(depts) < MIN_DEPARTMENTS:
        rep.err("departments", "%d departments, at least %d required" % (len(depts), MIN_DEPARTMENTS))

    items = cat.get("items")
    if not isinstance(items, list):
        rep.err("items", "must be a list")
        return rep, {}

    codes = Counter()
    stats = Counter()
    used_depts, used_events = set(), set()
    names_total = names_differ = 0
    for n, it in enumerate(items):
        if not isinstance(it, dict):
            rep.err("items[%d]" % n, "item must be an object")
            continue
        code = it.get("code")
        where = code if isinstance(code, str) else "items[%d]" % n
        missing = [k for k in ITEM_MEMBERS if k not in it]
        if missing:
            rep.err(where, "missing members %s" % missing)
        extra = set(it) - set(ITEM_MEMBERS) - ITEM_EXTENSIONS
        if extra:
            rep.err(where, "unexpected members %s" % sorted(extra))

        # fees (platform-api.md Item: amounts in fen, integers; one order pays them all)
        fees = it.get("fees")
        if not isinstance(fees, list):
            rep.err(where, "fees must be a list")
        else:
            fee_codes = [f.get("code") for f in fees if isinstance(f, dict)]
            if len(set(fee_codes)) != len(fees):
                rep.err(where, "fees need distinct codes")
            for f in fees:
                if not isinstance(f, dict) or not isinstance(f.get("code"), str) or not f["code"]:
                    rep.err(where, "a fee needs a code")
                    continue
                amount = f.get("amount_fen")
                if not isinstance(amount, int) or isinstance(amount, bool) or amount < 0:
                    rep.err(where, "fee %s: amount_fen must be an integer >= 0" % f["code"])
                check_i18n(rep, where, f.get("name"))
        if not isinstance(it.get("fee_payable_at_kiosk"), bool):
            rep.err(where, "fee_payable_at_kiosk must be a boolean")
        elif it["fee_payable_at_kiosk"] and not fees:
            rep.err(where, "fee_payable_at_kiosk without fees")

        # code and department
        dept = it.get("department")
        m = CODE_RE.match(code) if isinstance(code, str) else None
        if not m:
            rep.err(where, "code %r does not match GD-<DEPT>-<NNN>" % (code,))
        else:
            codes[code] += 1
            if m.group(1) != dept:
                rep.err(where, "code department part %r differs from department %r" % (m.group(1), dept))
        if dept not in depts:
            rep.err(where, "department %r is not in the departments list" % (dept,))
        else:
            used_depts.add(dept)

        # name
        if "name" in it and check_i18n(rep, where, it["name"]):
            names_total += 1
            if it["name"]["zh_HK"] != it["name"]["zh_CN"]:
                names_differ += 1

        if it.get("type") not in ITEM_TYPES:
            rep.err(where, "type %r is not one of %s" % (it.get("type"), sorted(ITEM_TYPES)))
        basis = it.get("basis")
        if not isinstance(basis, str) or "《" not in basis or "》" not in basis:
            rep.err(where, "basis must name the law or regulation in 《》")
        if not isinstance(it.get("conditions"), str) or len(it.get("conditions", "")) < 8:
            rep.err(where, "conditions (受理条件) must be a descriptive string")

        materials = check_materials(rep, where, it.get("materials"))
        if any(mt.get("tolerable") is True for mt in materials.values()):
            stats["tolerable"] += 1
        if any(mt.get("shared") is True for mt in materials.values()):
            stats["shared"] += 1

        legal, prom = it.get("legal_limit_days"), it.get("promised_limit_days")
        if not is_int(legal) or legal < 0:
            rep.err(where, "legal_limit_days must be an integer >= 0")
        if not is_int(prom) or prom < 0:
            rep.err(where, "promised_limit_days must be an integer >= 0")
        if is_int(legal) and is_int(prom) and prom > legal:
            rep.err(where, "promised_limit_days %d exceeds legal_limit_days %d" % (prom, legal))
        if not isinstance(it.get("fee"), str) or not it.get("fee"):
            rep.err(where, "fee must be a non-empty string")

        if check_commitment_text(rep, where, it.get("commitment")):
            stats["commitment"] += 1

        delivery = it.get("delivery")
        if not isinstance(delivery, list) or not delivery:
            rep.err(where, "delivery must be a non-empty list")
        else:
            bad = [d for d in delivery if d not in DELIVERY]
            if bad:
                rep.err(where, "delivery has invalid values %s (allowed %s)" % (bad, sorted(DELIVERY)))
            if len(set(map(str, delivery))) != len(delivery):
                rep.err(where, "delivery has repeated values")

        for flag in ("agent_allowed", "face_required", "high_frequency", "cross_border"):
            if not isinstance(it.get(flag), bool):
                rep.err(where, "%s must be a boolean" % flag)
            elif it[flag]:
                stats[flag] += 1

        v = it.get("version")
        if not is_int(v) or v < 1:
            rep.err(where, "version must be an integer >= 1")

        check_form(rep, where, it.get("form"), materials)

        # extension members
        if "life_events" in it:
            le = it["life_events"]
            if not isinstance(le, list):
                rep.err(where, "life_events must be a list")
            else:
                for e in le:
                    if e not in events:
                        rep.err(where, "life event %r is not in the life_events list" % (e,))
                    else:
                        used_events.add(e)
                if len(set(map(str, le))) != len(le):
                    rep.err(where, "life_events has repeated codes")
        if "audience" in it:
            au = it["audience"]
            if not isinstance(au, list) or not au or any(a not in AUDIENCE for a in au):
                rep.err(where, "audience must be a non-empty subset of %s" % sorted(AUDIENCE))
        if "keywords" in it:
            kw = it["keywords"]
            if not isinstance(kw, dict) or set(kw) - {"zh_CN", "en"}:
                rep.err(where, "keywords must be an object with zh_CN and en lists")
            else:
                for lang in ("zh_CN", "en"):
                    lst = kw.get(lang, [])
                    if not isinstance(lst, list) or any(not isinstance(s, str) or not s.strip() for s in lst):
                        rep.err(where, "keywords.%s must be a list of non-empty strings" % lang)
                if any(CJK_RE.search(s) for s in kw.get("en", []) if isinstance(s, str)):
                    rep.err(where, "keywords.en contains Chinese characters")

    for c, k in codes.items():
        if k > 1:
            rep.err(c, "item code used %d times" % k)

    total = len(items)
    if total < MIN_ITEMS:
        rep.err("items", "%d items, at least %d required" % (total, MIN_ITEMS))
    if len(used_depts) < MIN_DEPARTMENTS:
        rep.err("items", "items use %d departments, at least %d required" % (len(used_depts), MIN_DEPARTMENTS))
    if len(used_events) < MIN_LIFE_EVENTS:
        rep.err("items", "items use %d life events, at least %d required" % (len(used_events), MIN_LIFE_EVENTS))
    for key, minimum, label in (("commitment", MIN_COMMITMENT, "with commitment (告知承诺) allowed"),
                                ("tolerable", MIN_TOLERABLE, "with a tolerable (容缺) material"),
                                ("shared", MIN_SHARED, "with a shared material"),
                                ("agent_allowed", MIN_AGENT, "with agent_allowed"),
                                ("cross_border", MIN_CROSS_BORDER, "with cross_border")):
        if stats[key] < minimum:
            rep.err("items", "%d items %s, at least %d required" % (stats[key], label, minimum))
    if total:
        ratio = stats["face_required"] / total
        if not FACE_RATIO[0] <= ratio <= FACE_RATIO[1]:
            rep.err("items", "face_required on %.1f%% of items, expected %d%%-%d%%" % (100 * ratio, 100 * FACE_RATIO[0], 100 * FACE_RATIO[1]))
    if names_total and names_differ / names_total < MIN_HK_DIFFERENT_NAMES:
        rep.err("items", "zh_HK differs from zh_CN for only %d of %d item names (need >= %d%%)" % (names_differ, names_total, 100 * MIN_HK_DIFFERENT_NAMES))

    summary = {
        "items": total, "departments": len(depts), "departments_used": len(used_depts),
        "life_events": len(events), "life_events_used": len(used_events),
        "commitment_allowed": stats["commitment"], "with_tolerable": stats["tolerable"],
        "with_shared": stats["shared"], "agent_allowed": stats["agent_allowed"],
        "face_required": stats["face_required"], "cross_border": stats["cross_border"],
        "high_frequency": stats["high_frequency"],
        "zh_HK_names_differing": "%d/%d" % (names_differ, names_total),
    }
    return rep, summary


def main(argv):
    path = argv[1] if len(argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "catalogue.json")
    try:
        with open(path, encoding="utf-8") as f:
            cat = json.load(f)
    except OSError as e:
        print("ERROR %s: cannot read: %s" % (path, e))
        return 2
    except json.JSONDecodeError as e:
        print("ERROR %s: invalid JSON: %s" % (path, e))
        return 1
    rep, summary = validate(cat)
    for e in rep.errors:
        print("ERROR " + e)
    if rep.errors:
        print("FAILED: %d violation(s) in %s" % (len(rep.errors), path))
        return 1
    print("OK: %s" % path)
    for k, v in summary.items():
        print("  %-22s %s" % (k, v))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
