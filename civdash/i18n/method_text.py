"""The method page's prose in Chinese and English: curation, checks, rules and citation."""

from __future__ import annotations

# (heading, body) per language; bodies are trusted Markdown written here, never data.
SECTIONS: tuple[dict[str, tuple[str, str]], ...] = (
    {
        "zh": (
            "数据从哪里来",
            "全部数字来自五份公开的民政报告:宁波市民政局十年回顾(2012年)、黄石港区民政事业"
            "“十三五”规划(含“十二五”回顾)、衢州市民政局2013年工作总结、南通市民政局十年回顾"
            "(2012–2022年)和浙江省11个地级市的民政专题文章汇编(2019年)。报告全文按网页原样收录"
            "在数据包的 `sources/` 文件夹中,可在“原文”页阅读。",
        ),
        "en": (
            "Where the figures come from",
            "Every figure comes from five public civil-affairs reports: Ningbo's ten-year review "
            "(2012), Huangshigang District's 13th Five-Year Plan (with its review of 2011–2015), "
            "Quzhou's 2013 work summary, Nantong's ten-year review (2012–2022) and a collection of "
            "feature articles on eleven Zhejiang cities (2019). The reports are bundled unchanged "
            "in the package's `sources/` folder and can be read on the Source texts page.",
        ),
    },
    {
        "zh": (
            "如何整理与核对",
            "- 逐段人工摘录每个数字,并由第二人独立复核。\n"
            "- 每个数字都附有原文摘录;校验程序逐条确认摘录与原文逐字一致(忽略空白),"
            "并确认“原文数字”(如“近800”“14.27亿”)换算后等于数值。\n"
            "- 校验程序还检查类型、词表、主键与外键、年份范围和单位范围;数据包可用 "
            "`frictionless validate` 独立检查。\n"
            "- 2026年11月,独立审核随机抽查80个数字:67个完全正确,1个错误(黄石港区“新建”设施"
            "被记为存量)已改正,12个可商榷之处逐一作出决定,理由写在该行的说明中。",
        ),
        "en": (
            "How the figures were curated and checked",
            "- Each figure was read by hand, paragraph by paragraph, and checked by a second, "
            "independent pass.\n"
            "- Every figure carries its verbatim excerpt; the validator confirms that each excerpt "
            "stands in its report word for word (whitespace ignored) and that the figure as "
            "written (e.g. 近800, 14.27亿) converts to the stored value.\n"
            "- The validator also checks types, vocabularies, keys, year ranges and unit ranges; "
            "the package can be checked on its own with `frictionless validate`.\n"
            "- In November 2026 an independent audit checked 80 random figures: 67 were right, one "
            "error (Huangshigang's newly built facilities stored as a stock) has been fixed, and "
            "each of 12 judgement calls was decided, with the reason in the row's note.",
        ),
    },
    {
        "zh": (
            "年份、单位与限定词",
            "- **年份**是数字所描述的年份,不是发布年份。“截止2011年底”记为2011;“目前”“今年”记为"
            "文章所在年份;“去年”记为前一年。\n"
            "- **多年累计或变化**(“十三五以来”“十年来累计”)记为起止年份,单独成为多年指标,"
            "不与年度数值画在同一条线上;原文未写起始年时起始年留空。\n"
            "- **单位**统一为基本单位:万元、亿元换算为元;百分比以百分点计(57.7,不是0.577)。\n"
            "- **限定词**保留原文的措辞:近、约、左右记为约数;多、余、以上、超、不少于记为下限;"
            "以内、不超过记为上限。图中空心点表示约数或下限。",
        ),
        "en": (
            "Years, units and qualifiers",
            "- **Year** is the year a figure describes, not the publication year. 截止2011年底 is "
            "2011; 目前 and 今年 are the article's own year; 去年 the year before.\n"
            "- **Multi-year totals and changes** (十三五以来, 十年来累计) carry their first and "
            "last years and have indicators of their own, never drawn on a line with annual "
            "values; where the text gives no start, the start is left empty.\n"
            "- **Units** are base units: 万元 and 亿元 become yuan; shares are percentage points "
            "(57.7, not 0.577).\n"
            "- **Qualifiers** keep the report's hedge: 近, 约, 左右 are approximate; 多, 余, 以上, "
            "超, 不少于 are lower bounds; 以内, 不超过 upper bounds. Hollow points on charts mark "
            "them.",
        ),
    },
    {
        "zh": (
            "“未报告”是什么意思",
            "某地区没有某个数字,表示它的报告没有写这个数字,不表示为零,也不表示没有这项工作。"
            "页面上显示为“未报告”,下载文件中留空。数据中不做任何估算或填补。",
        ),
        "en": (
            'What "not reported" means',
            "A region without a figure has no such figure in its report: it does not mean zero, "
            "nor that the work is not done. Screens show 'not reported' and files leave the cell "
            "empty. Nothing is estimated or filled in.",
        ),
    },
    {
        "zh": (
            "推算值与约定年份",
            "- 少数数字由原文数字推算(如衢州避灾场所 106+492=598),算式写在“推算说明”中,"
            "原文数字保留不变。\n"
            "- 原文未写年份的“此前”数值按约定记年(浙江专题文章记为2018年,黄石港区整合前记为"
            "2010年),说明中写明这是约定年份。\n"
            "- 南通报告为繁体字,网页抓取在多音字后夹带拼音(如“養(yǎng)老”),个别处有乱码;摘录"
            "按原样保存,“原文”页可隐藏拼音、转为简体阅读。",
        ),
        "en": (
            "Derived values and conventional years",
            "- A few figures are derived from written ones (Quzhou's shelters 106 + 492 = 598); "
            "the arithmetic is in the derivation column and the written figure is kept.\n"
            '- "Before" values the text does not date get a conventional year (2018 for the 2019 '
            "Zhejiang articles, 2010 for Huangshigang before its consolidation); the note says "
            "so.\n"
            "- Nantong's report is in traditional characters, and the web copy follows many "
            "characters with their pinyin (養(yǎng)老) and garbles a few spans; excerpts keep the "
            "text as it is, and the Source texts page can hide the pinyin and show simplified "
            "characters.",
        ),
    },
)
