"""Every user-facing string in Chinese and English, and the helpers that pick one."""

from __future__ import annotations

# The UI languages; Chinese first (the default, without ?lang=).
LANGUAGES = ("zh", "en")
DEFAULT_LANGUAGE = "zh"

__all__ = ["DEFAULT_LANGUAGE", "LANGUAGES", "STRINGS", "text"]

STRINGS: dict[str, tuple[str, str]] = {
    "app.title": ("民政事业城市对比", "Civil-affairs city comparison"),
    "app.tagline": (
        "五份城市民政报告中的每个数字,均附原文摘录与出处。",
        "Every figure from five city civil-affairs reports, with its verbatim excerpt and source.",
    ),
    "page.overview": ("总览", "Overview"),
    "page.trends": ("指标趋势", "Indicator trends"),
    "page.compare": ("城市对比", "City comparison"),
    "page.profile": ("城市档案", "City profile"),
    "page.map": ("覆盖地图", "Coverage map"),
    "page.plans": ("规划目标", "Plan targets"),
    "page.data": ("数据与来源", "Data & sources"),
    "page.source": ("原文", "Source texts"),
    "page.method": ("方法说明", "Method"),
    "label.view_source": ("查看原文", "view in source"),
    "label.view_source_help": (
        "打开报告原文,定位并高亮这个数字",
        "Open the report at this figure, highlighted",
    ),
    "method.release": (
        "数据版本 {version},{date} 发布。",
        "Data version {version}, released {date}.",
    ),
    "method.vintage": ("各地区的数据年份", "Data vintage per region"),
    "method.vintage_help": (
        "每个地区最新数字的年份,以及各来源所覆盖的年份。比较不同地区时请留意年份差异。",
        "The year of each region's latest figure and the years each source covers. Mind the "
        "difference in years when comparing regions.",
    ),
    "method.cite": ("如何引用", "How to cite"),
    "method.cite_sources": (
        "引用具体数字时,请同时注明其来源报告:",
        "When citing a figure, also name its source report:",
    ),
    "about.title": ("关于数据", "About this data"),
    "about.definition": ("定义", "Definition"),
    "about.unit": ("单位", "Unit"),
    "about.comparability": ("可比性", "Comparability"),
    "about.sources": ("来源与年份", "Sources and years"),
    "about.latest": ("数据最新年份", "Latest year in the data"),
    "about.limits": ("已知局限", "Known limits"),
    "about.method_link": ("方法说明", "Method"),
    "about.source_years": (
        "{source}:{years}年,{figures} 个数字",
        "{source}: {years}, {figures} figures",
    ),
    "about.source_years_short": ("{source} {years}年", "{source} {years}"),
    "about.years_by_source": ("各来源的数据年份", "Years by source"),
    "about.limit_one_region": (
        "只有一个地区报告此指标,无法跨地区比较。",
        "Only one region reports this indicator, so there is nothing to compare it with.",
    ),
    "about.limit_years": (
        "各地区的最新数字年份不同({first}–{last}年),比较时请注意年份。",
        "Regions' latest figures come from different years ({first}–{last}); mind the years "
        "when comparing.",
    ),
    "about.limit_levels": (
        "含不同层级(区县与地级市)的数字,规模不同,不可相加,比较须谨慎。",
        "Figures for different levels (districts or counties and cities) differ in size; never "
        "add them and compare with care.",
    ),
    "about.limit_multi_year": (
        "为多年累计或变化,覆盖其起止年份,不是单年数值。",
        "A multi-year total or change spanning its years, not an annual value.",
    ),
    "about.limit_approx": (
        "{count} 个数字为约数或下限(近、约、多、余、以上),显示时保留限定。",
        "{count} figures are approximate or lower bounds (近, 约, 多, 余, 以上) and keep "
        "their qualifier.",
    ),
    "about.limit_derived": (
        "{count} 个数字由原文数字推算,算式见“推算说明”。",
        "{count} figures are derived from the written figures; see the derivation column.",
    ),
    "about.limit_nominal": (
        "金额为当年名义值,未按物价调整。",
        "Money is in nominal yuan of its year, not adjusted for prices.",
    ),
    "about.limit_not_reported": (
        "未列出的地区在报告中没有该数字,显示为“未报告”,不代表为零。",
        "A region not listed has no such figure in its report: not reported, never zero.",
    ),
    "source.intro": (
        "五份报告的全文,按原样收录。黄色标出的是已整理入库的数字,悬停可见指标、年份、数值与限定;"
        "未标出的数字未被整理。",
        "The five reports in full, as published. Figures in yellow are in the dataset: hover "
        "or focus one to see its indicator, year, value and qualifier. Unmarked figures were "
        "not curated.",
    ),
    "source.choose": ("选择报告", "Choose a report"),
    "source.figure": ("定位到数字", "Go to a figure"),
    "source.no_figure": ("(不定位)", "(none)"),
    "source.hide_pinyin": ("隐藏拼音注音", "Hide inline pinyin"),
    "source.hide_pinyin_help": (
        "该网页抓取在多音字后夹带拼音,如“養(yǎng)老”,仅在阅读时隐藏,数据中的摘录保持原样。",
        "The web scrape follows many characters with their reading (養[yǎng]老); hidden "
        "for reading only, the excerpts in the data stay verbatim.",
    ),
    "source.simplified": ("以简体字显示", "Show in simplified characters"),
    "source.simplified_help": (
        "用 OpenCC 将繁体转换为简体,仅用于阅读;数据中的摘录保持原文繁体。",
        "Converted with OpenCC for reading only; the excerpts in the data keep the "
        "traditional characters.",
    ),
    "source.marked": (
        "已标出 {figures} 个入库数字(共 {marks} 处)",
        "{figures} curated figures marked ({marks} places)",
    ),
    "source.target": ("链接所指的数字:{label}", "The linked figure: {label}"),
    "source.excerpt": ("摘录:{excerpt}", "Excerpt: {excerpt}"),
    "source.download": ("下载原文 (txt)", "Download the text (txt)"),
    "source.missing": (
        "该报告的原文文件缺失,请检查数据包。",
        "This report's text file is missing; check the data package.",
    ),
    "source.meta": (
        "{publisher} · 发布:{published} · {kind} · 数据年份 {years} · {figures} 个数字",
        "{publisher} · published {published} · {kind} · figures for {years} · {figures} figures",
    ),
    "sidebar.language": ("English", "English"),
    "sidebar.present": ("演示模式", "Presentation mode"),
    "sidebar.present_help": (
        "收起侧栏、放大图表文字,便于投屏。",
        "Collapse the sidebar and enlarge chart text for a shared screen.",
    ),
    "sidebar.about": (
        "数据为人工整理,每个数字可追溯到原文。缺失值显示为“未报告”,绝不显示为0。",
        "Curated by hand; every figure traces to its source. Missing values show as "
        "'not reported', never as zero.",
    ),
    "notice.bad_param": (
        "链接参数 {name}={value} 无效,已改用默认值。",
        "The link parameter {name}={value} is not valid; the default is used.",
    ),
    "notice.bad_present": (
        "链接参数 present={value} 无效(应为 1 或 0),已改用普通模式。",
        "The link parameter present={value} is not valid (use 1 or 0); normal mode is used.",
    ),
    "notice.swapped_years": (
        "链接参数 from={start} 晚于 to={end},已按 {low}–{high} 显示。",
        "The link parameters from={start} and to={end} were in the wrong order; "
        "{low}–{high} is shown.",
    ),
    "notice.user_rows": (
        "含用户补充数据(非官方来源),已标注“用户补充”。",
        "Includes user-supplied rows (not from an official source), marked as such.",
    ),
    "notice.user_rows_banner": (
        "本次会话含 {count} 行用户补充数据(非官方来源):图表中以空心、虚线标出并注明“用户补充”,"
        "表格与下载文件的“用户补充”列为“是”。这些数据只在本次会话有效,刷新页面或分享链接后不会保留;"
        "可在“规划目标”页清除。",
        "This session holds {count} user-supplied row(s) (not from an official source): charts "
        "draw them hollow and dashed, labelled 'user-supplied', and tables and downloads mark "
        "them 'yes' in the User-supplied column. They last for this session only: a reload or "
        "a shared link does not keep them. Clear them on the Plan targets page.",
    ),
    "label.region": ("地区", "Region"),
    "label.regions": ("地区(可多选)", "Regions (choose one or more)"),
    "label.indicator": ("指标", "Indicator"),
    "label.category": ("类别", "Category"),
    "label.categories": ("类别", "Categories"),
    "label.indicators": ("指标", "Indicators"),
    "label.source": ("来源", "Source"),
    "label.sources": ("来源", "Sources"),
    "label.year": ("年份", "Year"),
    "label.years": ("年份范围", "Years"),
    "label.period": ("时期", "Period"),
    "label.value": ("数值", "Value"),
    "label.value_as_written": ("原文数字", "As written"),
    "label.qualifier": ("限定", "Qualifier"),
    "label.excerpt": ("原文摘录", "Excerpt"),
    "label.note": ("说明", "Note"),
    "label.source_posted": (
        "{publisher}《{title}》,{date} 发布",
        '{publisher}, "{title}", posted {date}',
    ),
    "label.definition": ("定义", "Definition"),
    "label.comparability": ("可比性说明", "Comparability"),
    "label.higher_is_better": ("越高越好", "Higher is better"),
    "label.publisher": ("发布单位", "Publisher"),
    "label.title": ("标题", "Title"),
    "label.file": ("原文文件", "Source file"),
    "label.url": ("网址", "URL"),
    "label.unit": ("单位", "Unit"),
    "label.level": ("层级", "Level"),
    "label.published": ("发布时间", "Published"),
    "label.kind": ("类型", "Kind"),
    "label.user_supplied": ("用户补充", "User-supplied"),
    "label.search_indicator": ("输入关键词搜索指标", "Type to search indicators"),
    "label.year_window": ("限定年份范围", "Limit to a year window"),
    "label.indicator_count": ("指标数", "Indicators"),
    "label.latest_year": ("最新年份", "Latest year"),
    "label.date_range": ("数据年份", "Years covered"),
    "label.figures": ("数字个数", "Figures"),
    "label.go": ("查看", "Open"),
    "label.not_reported": ("未报告", "not reported"),
    "label.derivation": ("推算说明", "Derivation"),
    "qualifier.exact": ("确数", "exact"),
    "qualifier.approx": ("约数(近/约)", "approximate"),
    "qualifier.at_least": ("下限(多/余/以上)", "at least"),
    "qualifier.at_most": ("上限(以内)", "at most"),
    "level.province": ("省", "province"),
    "level.prefecture": ("地级市", "prefecture city"),
    "level.district": ("区", "district"),
    "level.county": ("县(市)", "county"),
    "kind.review": ("回顾", "review"),
    "kind.annual_summary": ("年度总结", "annual summary"),
    "kind.five_year_plan": ("五年规划", "five-year plan"),
    "kind.feature_article": ("专题文章", "feature article"),
    "chart.source_line": ("来源:{sources}", "Source: {sources}"),
    "chart.axis_number": ("数量", "number"),
    "present.controls": ("调整视图", "Change the view"),
    "chart.subtitle": ("单位:{unit};年份:{years}", "Unit: {unit}; years: {years}"),
    "chart.approx_legend": (
        "空心点 = 约数或下限(近、约、多、余、以上);虚线 = 相隔多年,中间无数据",
        "Hollow point = approximate or lower bound (近, 约, 多, 余, 以上); "
        "dashed line = years apart, no data in between",
    ),
    "chart.multi_year_legend": (
        "横线表示多年累计或变化,覆盖其起止年份,不是单年数值",
        "Horizontal bars are multi-year totals or changes spanning their years, not annual values",
    ),
    "chart.user_legend_points": (
        "空心菱形 = 用户补充(非官方来源)",
        "Hollow diamond = user-supplied (not an official source)",
    ),
    "chart.user_legend_bars": (
        "空心虚线框 = 用户补充(非官方来源)",
        "Hollow dashed bar = user-supplied (not an official source)",
    ),
    "chart.user_legend_bullet": (
        "空心虚线条 = 用户补充的实际值(非官方来源)",
        "Hollow dashed bar = a user-supplied actual (not an official source)",
    ),
    # Per-resident and per-elderly views (civdash/method/per_capita.py).
    "per.label": ("显示方式", "Show"),
    "per.mode.raw": ("原始数值", "Raw value"),
    "per.mode.per_10k": ("每万名常住人口", "Per 10,000 residents"),
    "per.mode.per_1k_60": ("每千名60岁及以上老人", "Per 1,000 aged 60+"),
    "per.unit.per_10k": ("/万人", " per 10,000 residents"),
    "per.unit.per_1k_60": ("/千名老人", " per 1,000 aged 60+"),
    "per.help": (
        "分母取自已公布的人口普查公报或统计公报(data/population.csv):有当年数值用当年数值;"
        "在两个已公布年份之间按线性插值;早于最早或晚于最晚的年份沿用最近的已公布值。"
        "只有数量和金额可以折算;比率、占比和标准从不再除以人口。"
        "从转载或引用公报的新闻报道中读取的数值,来源标为“普查公报(转载)”。",
        "Denominators are published census or bulletin figures (data/population.csv): the "
        "figure of the same year where there is one; linear interpolation between two "
        "published years; before the first or after the last, the nearest published figure "
        "held. Only counts and money are divided; rates, shares and standards never are. "
        "A figure read in a reprint or a press report quoting the communiqué is marked "
        "'census communiqué (reprint)'.",
    ),
    "per.blocked.rate": (
        "该指标本身是比率或占比,不再按人口折算。",
        "This indicator is already a rate or share, so it is never divided by population.",
    ),
    "per.blocked.standard": (
        "该指标是人均标准(元/人等),不再按人口折算。",
        "This indicator is a per-person standard (yuan per person etc.), so it is never "
        "divided by population.",
    ),
    "per.blocked.multi_year": (
        "该指标是多年累计或变化,没有单一年份的人口可作分母,不折算。",
        "This is a multi-year total or change: no single year's population fits it, so it is "
        "not divided.",
    ),
    "per.blocked.other": (
        "只有数量和金额可按人口折算;该指标的单位不属于此类。",
        "Only counts and money are divided by population; this indicator's unit is neither.",
    ),
    "per.blocked.no_base": (
        "所显示的地区都没有已公布的人口基数,只能显示原始数值。",
        "None of the regions shown has a published population base, so only raw values are shown.",
    ),
    "per.measure.resident_total": ("常住人口", "residents"),
    "per.measure.aged_60_plus": ("60岁及以上常住人口", "residents aged 60+"),
    "per.measure.aged_65_plus": ("65岁及以上常住人口", "residents aged 65+"),
    "per.no_base": ("无人口基数", "no population base"),
    "per.method.published": ("{years}年公布值", "{years} published figure"),
    "per.method.interpolated": ("{years}年间线性插值", "interpolated between {years}"),
    "per.method.held": ("沿用{years}年公布值", "{years} figure held"),
    "per.rule.interpolated": ("两个公布年份之间线性插值", "interpolated between published years"),
    "per.rule.held": ("范围外沿用最近公布值", "nearest published figure held outside them"),
    "per.rule.none": ("均为当年公布值", "all same-year published figures"),
    "per.subtitle": (
        "{mode}:分母为{measure},人口年份 {years}({rule})",
        "{mode}: denominator {measure}, population years {years} ({rule})",
    ),
    "per.source_line": ("人口来源:{sources}", "Population source: {sources}"),
    "per.more_sources": ("等另 {count} 份公报(见下表)", " and {count} more (see the table)"),
    "per.column.rate": ("折算值({mode})", "Rate ({mode})"),
    "per.column.rate_shown": ("折算值(显示)", "Rate shown"),
    "per.column.raw": ("原始数值", "Raw value"),
    "per.column.denominator": ("分母(人)", "Denominator (persons)"),
    "per.column.measure": ("分母口径", "Denominator"),
    "per.column.method": ("分母年份与方法", "Denominator year and method"),
    "per.column.source": ("分母来源", "Denominator source"),
    "per.without_base": (
        "无人口基数,图中不显示、仅列原始数值:{regions}",
        "No population base, so not charted; raw value only: {regions}",
    ),
    "per.map_kind": (
        "分级设色:按人口折算后的数值,颜色越亮越高。",
        "Shaded by class after dividing by population: the lighter, the higher.",
    ),
    # Levels and peers (civdash/method/peers.py).
    "level.suffix.district": ("(区)", " (district)"),
    "level.suffix.county": ("(县)", " (county)"),
    "level.mixed_note": (
        "标有“(区)”“(县)”的是区县(柱形为虚线框加斜纹,趋势图为方形点),与地级市规模不同,原始数值不可直接比较。",
        "Regions marked (district) or (county) (dashed, striped bars; square points on trends) "
        "are far smaller than prefecture cities: raw values are not comparable.",
    ),
    "level.parent_child": (
        "{child}属于{parent}:其数字已包含在{parent}之内,两者不可相加。",
        "{child} lies inside {parent}: its figure is already part of {parent}'s, so the two "
        "must never be added.",
    ),
    "peer.summary": (
        "{count} 个地区报告此指标:{regions}",
        "{count} regions report this: {regions}",
    ),
    "peer.only": ("只有本地区报告此指标", "Only this region reports this indicator"),
    "peer.rank": (
        "按各自最新值,本地区排第 {rank}/{count}(年份不同,仅供参考)",
        "by each region's latest value this region ranks {rank} of {count} (years differ)",
    ),
    "peer.rank_same_year": (
        "按{year}年数值,本地区排第 {rank}/{count}",
        "by the {year} values this region ranks {rank} of {count}",
    ),
    "overview.search": ("按指标查找", "Find an indicator"),
    "overview.search_label": (
        "输入指标关键词,如“床位”或“低保”",
        "Type a word from an indicator's name, e.g. 'beds' or 'dibao'",
    ),
    "overview.search_none": ("没有匹配的指标。", "No indicator matches."),
    "overview.search_more": (
        "另有 {count} 个匹配指标,请输入更具体的关键词。",
        "{count} more match; type more.",
    ),
    "overview.search_regions": ("{count} 个地区:{regions}", "{count} regions: {regions}"),
    "overview.search_region_one": ("1 个地区:{regions}", "1 region: {regions}"),
    "overview.search_compare": ("城市对比", "Compare"),
    "overview.search_trends": ("趋势", "Trend"),
    "overview.coverage": ("数据覆盖:地区 × 类别", "What the data covers: region × category"),
    "overview.coverage_first": (
        "热力图显示前 {shown} 个地区(共 {total} 个有数据的地区);"
        "其余地区请在下方“或选择地区与类别”或数据页中查看。",
        "The heat map shows the first {shown} of {total} regions with figures; any other region "
        "is under “Or choose a region and category” below, or on the data page.",
    ),
    "overview.coverage_help": (
        "每格:指标数 · 最新年份,颜色越深指标越多;“–”表示未报告。点击格子打开该地区该类别的数据。",
        "Each cell: number of indicators · latest year; darker means more indicators, "
        "“–” means not reported. Click a cell to open that region's figures for that category.",
    ),
    "overview.cell_legend": ("指标数 · 最新年份", "Indicators · latest year"),
    "overview.choose_cell": ("或选择地区与类别", "Or choose a region and category"),
    "overview.headline": ("重点指标", "Key figures"),
    "overview.headline_region": ("选择地区", "Choose a region"),
    "overview.no_headline": (
        "该地区没有报告重点指标。",
        "This region reports none of the key indicators.",
    ),
    "overview.sources": ("来源文件与数据年份", "Source documents and the years they cover"),
    "overview.stats": (
        "{regions} 个地区 · {indicators} 个指标 · {figures} 个数字 · {sources} 份来源",
        "{regions} regions · {indicators} indicators · {figures} figures · {sources} sources",
    ),
    "trends.empty": (
        "所选地区没有报告该指标。",
        "The chosen regions report no figure for this indicator.",
    ),
    "trends.table": ("图中数据", "Plotted rows"),
    "trends.single_point": (
        "仅有一个年份的数据,无法显示趋势。",
        "Only one year is reported, so there is no trend to draw.",
    ),
    "compare.title": ("{indicator}:各地区最新值", "{indicator}: latest value per region"),
    "compare.mixed_years": (
        "注意:所比较的数值来自不同年份({years}),请谨慎比较。",
        "Note: the compared values come from different years ({years}); compare with care.",
    ),
    "compare.not_reported": (
        "未报告该指标的地区:{regions}",
        "Regions that do not report this indicator: {regions}",
    ),
    "compare.outside_window": (
        "{years}年没有数字:{regions}",
        "No figure in {years}: {regions}",
    ),
    "trends.also_reported": (
        "也报告该指标、但未在图中的地区:{regions}",
        "Also reported by (not on the chart): {regions}",
    ),
    "trends.show_all": ("显示所有报告该指标的地区", "Show every region that reports it"),
    "profile.no_link": (
        "该地区没有可在以下页面查看的数字:{pages}",
        "This region has no figure to show on: {pages}",
    ),
    "compare.empty": ("没有地区报告该指标。", "No region reports this indicator."),
    "compare.window_empty": ("所选年份范围内没有数据。", "No figure falls in the chosen years."),
    "compare.comparability": ("可比性说明:{text}", "Comparability: {text}"),
    "compare.level_note": (
        "县区数据与地级市数据分层显示,不可相加。",
        "County and city figures are shown at their own level and must never be summed.",
    ),
    "profile.choose": ("选择地区", "Choose a region"),
    "profile.empty": ("该地区没有报告任何数字。", "This region reports no figures."),
    "profile.sources": ("该地区的来源", "Sources for this region"),
    "profile.plans": ("该地区的规划", "Plans for this region"),
    "profile.no_plans": ("该地区没有带日期的规划目标。", "This region has no dated plan targets."),
    "profile.links": ("在其他页面查看该地区", "Open this region on other pages"),
    "profile.parent": ("上级:{parent}", "Part of: {parent}"),
    "profile.children": (
        "下辖有数据的县区:{children}",
        "Counties and districts with figures: {children}",
    ),
    "data.filters": ("筛选", "Filters"),
    "data.count": ("符合条件的数字:{count} 个", "Matching figures: {count}"),
    "data.download_csv": ("下载 CSV", "Download CSV"),
    "label.all_placeholder": ("全部(不选即为全部)", "All (leave empty for all)"),
    "map.and_more": (" 等,另有 {count} 个", " and {count} more"),
    "trends.too_many": (
        "已选 {chosen} 个地区,图中只画前 {shown} 个;请减少所选地区。",
        "{chosen} regions chosen; the chart draws the first {shown}. Choose fewer regions.",
    ),
    "data.xlsx_too_long": (
        "超过 Excel 单表上限 {limit} 行,请先筛选,或下载 CSV。",
        "More than Excel's {limit} rows per sheet: filter first, or download the CSV.",
    ),
    "data.shown_first": (
        "表中显示前 {shown} 行;下载文件包含全部 {total} 行。",
        "The table shows the first {shown} rows; the downloads hold all {total}.",
    ),
    "data.download_xlsx": ("下载 Excel (XLSX)", "Download Excel (XLSX)"),
    "data.download_package": ("下载完整数据包 (zip)", "Download the full data package (zip)"),
    "data.download_help": (
        "CSV 为带 BOM 的 UTF-8,可直接用 Excel 打开;文件含来源与原文摘录。",
        "The CSV is UTF-8 with a BOM so Excel shows Chinese correctly; files include sources "
        "and excerpts.",
    ),
    "data.empty": ("没有符合条件的数字,请放宽筛选。", "No figures match; widen the filters."),
    "data.sources": ("来源文件", "Source documents"),
    "data.cite": ("如何引用", "How to cite"),
    "data.cite_dataset": ("引用本数据集", "Cite this dataset"),
    "data.dataset_citation": (
        "民政事业城市对比数据集(据五份城市民政报告整理),{version} 版,{date} 发布。",
        "Civil-affairs city comparison dataset (curated from five city reports), "
        "version {version}, released {date}.",
    ),
    "export.sheet_data": ("数据", "data"),
    "export.sheet_indicators": ("指标", "indicators"),
    "export.sheet_sources": ("来源", "sources"),
    "image.download": ("下载图片", "Download image"),
    "image.slide": ("幻灯片 16:9(1920×1080 像素)", "Slide, 16:9 (1920×1080 px)"),
    "image.document": ("文档 A4 页宽(1654×1034 像素)", "Document, A4 width (1654×1034 px)"),
    "image.help": (
        "图片含标题、单位与年份、来源;SVG 可无损缩放,PNG 可直接粘贴。",
        "The image holds the title, unit and years, and the source; SVG scales without loss, "
        "PNG pastes anywhere.",
    ),
    "image.font_missing": (
        "服务器未安装中文字体(fonts-wqy-microhei),暂不能生成图片;请管理员运行 make run。",
        "The server has no Chinese font (fonts-wqy-microhei), so images cannot be drawn; "
        "ask the administrator to run `make run`.",
    ),
    "deck.button": ("生成汇报PPT", "Briefing deck (PPTX)"),
    "deck.help": (
        "生成可编辑的 16:9 演示文稿:标题、关键数字、图表、来源;文字均可编辑。",
        "An editable 16:9 PowerPoint deck: title, key figures, charts and sources; all text "
        "is real, editable text.",
    ),
    "deck.subtitle": ("民政事业情况简报", "Civil-affairs briefing"),
    "deck.data_years": ("数据年份:{years}", "Figures for {years}"),
    "deck.latest_source": (
        "最新来源发布于 {date}",
        "Latest source published {date}",
    ),
    "deck.key_figures": ("关键数字", "Key figures"),
    "deck.status": ("目标进展", "Progress towards targets"),
    "deck.sources": ("来源", "Sources"),
    "deck.no_figures": ("没有可列出的数字。", "No figures to list."),
    "deck.continued": ("(续)", " (continued)"),
    "deck.user_rows": (
        "含本次会话中的用户补充数据(非官方来源)。",
        "Includes user-supplied rows from this session (not an official source).",
    ),
    "deck.plan_period": ("规划期 {start}–{end}", "Plan period {start}–{end}"),
    "share.button": ("分享链接", "Share link"),
    "share.intro": (
        "复制此链接,他人打开即看到当前视图(页面、语言、所选指标与地区):",
        "Copy this link; it opens this view (page, language, chosen indicator and regions):",
    ),
    "share.user_rows_note": (
        "用户补充的数据只在本次会话中有效,不包含在链接里。",
        "User-supplied rows stay in this session only; they are not part of a link.",
    ),
    "map.title": ("服务站点与覆盖率地图", "Service stations and coverage"),
    "status.achieved": ("已实现", "target achieved"),
    "status.on_track": ("按计划推进", "on track"),
    "status.moderate": ("进展一般", "moderate progress"),
    "status.limited": ("进展有限", "limited progress"),
    "status.moving_away": ("偏离目标", "moving away"),
    "status.insufficient_data": ("数据不足", "insufficient data"),
    "status.not_measurable": ("无法用已报告数据衡量", "not measurable from reported data"),
    "plans.title": ("规划目标进展", "Progress towards plan targets"),
    "plans.choose": ("选择规划", "Choose a plan"),
    "plans.summary": ("目标状态汇总", "Targets by status"),
    "plans.goal": ("目标(原文大意)", "Goal"),
    "plans.baseline": ("基期值(年份)", "Baseline (year)"),
    "plans.baseline_observed": (
        "未给出基期,采用规划起始年及以前最早的观测值",
        "no baseline stated: the earliest reading by the plan start",
    ),
    "plans.target": ("目标值(年份)", "Target (year)"),
    "plans.latest": ("最新实际值(年份 · 来源)", "Latest actual (year · source)"),
    "plans.status": ("状态", "Status"),
    "plans.ratio": ("进展快慢(实际÷所需,R)", "Pace: actual ÷ needed (R)"),
    "plans.ratio_help": (
        "实际年均增速除以按期实现目标所需的年均增速。1 表示正好按计划;≥0.95 按计划推进,"
        "0.60–0.95 进展一般,0–0.60 进展有限,小于0 偏离目标。“–”表示无法计算(已实现或缺少数据)。",
        "The yearly pace actually achieved divided by the pace needed to meet the target on time. "
        "1 means exactly on plan; 0.95 or more on track, 0.60–0.95 moderate, 0–0.60 limited, "
        "below 0 moving away. '–' means it cannot be computed (achieved, or data missing).",
    ),
    "plans.summary_latest": ("最新", "latest"),
    "plans.summary_target": ("目标", "target"),
    "plans.summary_no_actual": ("暂无实际值", "no actual yet"),
    "plans.why_no_figures": (
        "{total} 项目标中有 {count} 项暂无法评估:"
        "本规划的来源没有给出规划期内({period}年)的实际数字。可在下方“补充实际值”中录入。",
        "{count} of {total} targets cannot be assessed yet: the plan's source gives no figures "
        "for the plan period ({period}). Add actuals below.",
    ),
    "plans.why_some_figures": (
        "{total} 项目标中有 {count} 项暂无法评估:规划期内({period}年)没有报告这些指标的实际数字,"
        "或目标是定性的。可在下方“补充实际值”中录入。",
        "{count} of {total} targets cannot be assessed yet: no figure for them is reported for "
        "the plan period ({period}), or the goal is qualitative. Add actuals below.",
    ),
    "plans.explanation": ("说明", "Why"),
    "plans.why.not_measurable": (
        "无法用已报告数据衡量:{goal}",
        "Not measurable from reported data: {goal}",
    ),
    "plans.why.no_reading": (
        "数据不足:{year}年基期之后没有实际值。",
        "Insufficient data: no actual after the {year} baseline.",
    ),
    "plans.why.no_baseline": (
        "数据不足:没有可用的基期或实际值。",
        "Insufficient data: no usable baseline or actual.",
    ),
    "plans.why.no_direction": (
        "数据不足:指标未规定高低哪个更好,规划的基期与目标也看不出方向。",
        "Insufficient data: the indicator has no direction, and the plan's baseline and target "
        "do not imply one.",
    ),
    "plans.why.target_year_not_after_baseline": (
        "数据不足:目标年份不晚于{year}年基期,无法计算所需增速。",
        "Insufficient data: the target year is not after the {year} baseline, so no required "
        "growth can be computed.",
    ),
    "plans.why.met": (
        "已实现:{latest} 达到目标 {threshold}。",
        "Achieved: {latest} meets the target of {threshold}.",
    ),
    "plans.why.met_at_baseline": (
        "偏离目标:基期 {baseline} 已达到目标 {threshold},最新 {latest} 已不再达到。",
        "Moving away: the baseline {baseline} met the target of {threshold}, but the latest "
        "{latest} no longer does.",
    ),
    "plans.why.pace": (
        "{status}:最新 {latest};观测年均增速 {observed},达到目标 {threshold} 所需 {required};"
        "R = {ratio}。",
        "{status}: latest {latest}; observed growth {observed} a year against {required} needed "
        "for {threshold}; R = {ratio}.",
    ),
    "plans.table": ("各项目标", "Targets"),
    "plans.bullets": (
        "数值目标:基期、最新值与目标区间",
        "Numeric targets: baseline, latest and target band",
    ),
    "plans.no_numeric": (
        "该规划没有可绘制的数值目标。",
        "This plan has no numeric target to draw.",
    ),
    "plans.cross_plan": ("所有规划的带日期目标", "Every dated target across plans"),
    "plans.method_title": ("进展评估方法", "How progress is assessed"),
    "plans.method": (
        "采用开放可持续发展目标平台(Open SDG,源自加拿大统计局与欧盟统计局)的方法:\n\n"
        "1. 观测增速 CAGR_o = (y_t / y_0)^(1/(t − t_0)) − 1,从基期到基期之后最新的实际值。\n"
        "2. 最新值达到目标(越低越好的指标为不高于目标)即为“已实现”;区间目标以下限为准。\n"
        "3. 否则计算所需增速 CAGR_r = (y_T / y_0)^(1/(T − t_0)) − 1,进展比 "
        "R = 方向 × CAGR_o / |CAGR_r|:R ≥ 0.95 按计划推进;0.60 ≤ R < 0.95 进展一般;"
        "0 ≤ R < 0.60 进展有限;R < 0 偏离目标。\n"
        "4. 基期之后没有实际值:数据不足,绝不猜测。\n"
        "5. 无法用已报告数据衡量的定性目标:标为“无法衡量”,并列出目标原文。\n"
        "6. 基期为0时改用线性增速;未给出基期时,采用规划起始年及以前最早的观测值,并在表中注明。",
        "The method of the Open SDG platform (after Statistics Canada and Eurostat):\n\n"
        "1. Observed growth CAGR_o = (y_t / y_0)^(1/(t − t_0)) − 1, from the baseline to the "
        "latest actual reported after it.\n"
        "2. Target achieved when the latest actual meets the target (at or below it where lower "
        "is better); a range target is achieved at its lower bound.\n"
        "3. Otherwise required growth CAGR_r = (y_T / y_0)^(1/(T − t_0)) − 1 and ratio "
        "R = direction × CAGR_o / |CAGR_r|: R ≥ 0.95 on track; 0.60 ≤ R < 0.95 moderate "
        "progress; 0 ≤ R < 0.60 limited progress; R < 0 moving away.\n"
        "4. No actual after the baseline: insufficient data. Never a guess.\n"
        "5. A qualitative goal with no measurable reading: not measurable, with the goal's text.\n"
        "6. A baseline of 0 uses linear rates; with no stated baseline the earliest reading in or "
        "before the plan's start year serves, and the table says so.",
    ),
    "plans.add_title": (
        "补充实际值(仅本次会话有效,不修改数据文件)",
        "Add actuals (this session only; data files are never changed)",
    ),
    "plans.add_target": ("目标", "Target"),
    "plans.add_value_unit": ("数值({unit})", "Value ({unit})"),
    "plans.add_value_help": (
        "只填数字,可带万、亿(如 1.2万);单位见标签。",
        "Digits only; Chinese multipliers are understood (万, 亿: e.g. 1.2万). The unit is in "
        "the label.",
    ),
    "plans.form_empty": ("请填写数值。", "Enter a value."),
    "plans.form_not_number": (
        "“{value}”不是数字。请只填数字,可带万、亿,例如 1200、1.2万 或 3.2。",
        "'{value}' is not a number. Type digits only, e.g. 1200 or 3.2 (万 and 亿 are understood).",
    ),
    "plans.form_has_unit": (
        "“{value}”带了单位。请只填数字(如 {number}),单位已在标签中:{unit}。",
        "'{value}' includes a unit. Type the number only (e.g. {number}); the unit is in the "
        "label: {unit}.",
    ),
    "plans.form_percent": (
        "“{value}”是百分数,但该指标的单位是{unit}。",
        "'{value}' is a percentage, but this indicator is in {unit}.",
    ),
    "plans.form_percent_range": (
        "比例须在0到100之间,“{value}”超出了范围。",
        "A percentage must lie between 0 and 100; '{value}' does not.",
    ),
    "plans.form_negative": (
        "该指标不能为负数(“{value}”)。",
        "This indicator cannot be negative ('{value}').",
    ),
    "plans.form_rejected": (
        "表单中的数值未通过校验,未做任何更改。",
        "The value in the form did not pass the checks; nothing was changed.",
    ),
    "plans.plausible_above": (
        "{value} 是{anchor}({anchor_value})的 {times} 倍,也远高于目标。",
        "{value} is {times}× {anchor} ({anchor_value}) and far above the target.",
    ),
    "plans.plausible_below": (
        "{value} 只有{anchor}({anchor_value})的 1/{times},也远低于目标。",
        "{value} is 1/{times} of {anchor} ({anchor_value}) and far below the target.",
    ),
    "plans.plausible_baseline": ("{year}年基期值", "the {year} baseline"),
    "plans.plausible_target": ("目标值", "the target"),
    "plans.plausible_suggest": (
        "是否应为 {suggestion}?{hint}",
        " Did you mean {suggestion}?{hint}",
    ),
    "plans.slip_beds_per_100_elderly_10": (
        "(每千名老人 {written} 张 = 每百名老人 {meant} 张。)",
        " ({written} per 1,000 elderly = {meant} per 100.)",
    ),
    "plans.slip_percent_100": (
        "(小数 {written} = {meant}%。)",
        " (the fraction {written} = {meant}%.)",
    ),
    "plans.confirm_title": (
        "请确认这个数值,尚未添加:",
        "Please confirm this value; it has not been added yet:",
    ),
    "plans.confirm_add": ("仍按 {value} 添加", "Add {value} anyway"),
    "plans.use_suggestion": ("改为 {value} 添加", "Add {value} instead"),
    "plans.cancel": ("取消", "Cancel"),
    "plans.form_added": (
        "已添加:{goal} = {value}({year}年,用户补充)。"
        "该目标的状态现为“{status}”,见上方状态汇总与“各项目标”表。",
        "Added: {goal} = {value} ({year}, user-supplied). The target's status is now "
        "'{status}': see the summary and the Targets table above.",
    ),
    "plans.target_context": (
        "基期:{baseline} · 目标:{target} · 单位:{unit}",
        "Baseline: {baseline} · target: {target} · unit: {unit}",
    ),
    "plans.unit_note_per_1000": (
        "注意单位:目标原文按每千名老人计({written});本页按每百名老人显示({shown})。"
        "每千名老人 30 张 = 每百名老人 3 张。",
        "Mind the unit: the goal is written per 1,000 elderly ({written}); this page shows it "
        "per 100 elderly ({shown}). 30 per 1,000 = 3 per 100.",
    ),
    "plans.add_year": ("年份", "Year"),
    "plans.add_source": ("来源说明", "Source note"),
    "plans.add_submit": ("添加实际值", "Add actual"),
    "plans.upload": (
        "或上传观测值 CSV(region_id, indicator_id, year, value, 可选 qualifier, source, note)",
        "Or upload a CSV of observations (region_id, indicator_id, year, value; "
        "optional qualifier, source, note)",
    ),
    "plans.upload_apply": ("校验并应用", "Validate and apply"),
    "plans.errors": ("文件有错误,未做任何更改:", "The file has errors; nothing was changed:"),
    "plans.applied": ("已添加 {count} 行用户补充数据。", "Added {count} user-supplied row(s)."),
    "plans.user_rows": ("本次会话的用户补充数据", "User-supplied rows in this session"),
    "plans.clear_user_rows": ("清除用户补充数据", "Clear user-supplied rows"),
    "plans.user_source_default": ("用户补充", "user-supplied"),
    "plans.problem_line": ("行", "Line"),
    "plans.problem_column": ("列", "Column"),
    "plans.problem_message": ("问题", "Problem"),
    "error.generic": (
        "这一部分暂时无法显示,其余内容不受影响。",
        "This part cannot be shown right now; the rest of the page is unaffected.",
    ),
    # Refusals of uploaded files (civdash.data.csv_input, civdash.core.limits);
    # English is the CLI's.
    "input.too_large": (
        "文件大小 {size} 字节,超过上传上限 {limit} 字节({limit_mb} MB);请拆分为较小的文件",
        "is {size} bytes, over the upload limit of {limit} bytes ({limit_mb} MB); "
        "split it into smaller files",
    ),
    "input.zip": (
        "是 ZIP 或 Excel 工作簿,不是 CSV;请另存为“CSV UTF-8”",
        "is a ZIP or Excel workbook, not a CSV; save it as CSV UTF-8",
    ),
    "input.nul": (
        "含 NUL 字节:是二进制或 UTF-16 文件,不是 CSV;请另存为“CSV UTF-8”",
        "contains NUL bytes: a binary or UTF-16 file, not a CSV; save it as CSV UTF-8",
    ),
    "input.encoding": (
        "既不是 UTF-8,也不是可信的 GB18030/GBK 简体中文文本(Big5、Shift-JIS 等编码不予读取);"
        "请另存为“CSV UTF-8”",
        "is neither UTF-8 nor plausible GB18030/GBK simplified-Chinese text (Big5, Shift-JIS "
        "and other encodings are not read); save it as CSV UTF-8",
    ),
    "input.mixed_encoding": (
        "混用了 UTF-8 和其他编码(第 {line} 行不是 UTF-8);请将整个文件另存为“CSV UTF-8”",
        "mixes UTF-8 with another encoding (line {line} is not UTF-8); save the whole file "
        "as CSV UTF-8",
    ),
    "input.control": (
        "含控制字符:是二进制文件,不是 CSV",
        "contains control characters: a binary file, not a CSV",
    ),
    "input.double_bom": (
        "文件开头有两个字节顺序标记(BOM),多余的一个已忽略",
        "starts with two byte-order marks (BOM); the extra one was ignored",
    ),
    "input.line_too_long": (
        "该行超过 {limit} 个字符的行长上限",
        "the line is longer than the {limit}-character line limit",
    ),
    "input.field_too_long": (
        "长 {length} 个字符,超过 {limit} 个字符的字段长度上限",
        "is {length} characters long, over the {limit}-character field limit",
    ),
    "input.unclosed_quote": (
        "此行开始的引号没有闭合,文件在引号内结束",
        "a quote opened on this line is never closed; the file ends inside it",
    ),
    "input.bad_csv": ("无法按 CSV 读取:{reason}", "cannot be read as CSV: {reason}"),
    "input.too_many_fields": (
        "有 {count} 列,超过 {limit} 列的上限",
        "has {count} fields, over the limit of {limit}",
    ),
    "input.too_many_rows": (
        "数据行超过每次上传 {limit} 行的上限;请拆分文件",
        "has more than {limit} data rows, the limit per upload; split the file",
    ),
    # An observations upload's row and header checks (civdash.data.uploads); English is the CLI's.
    "upload.empty_cell": ("必填,但为空", "is required but empty"),
    "upload.not_number": (
        "“{written}”不是数字;请写成 1200、1.2万 或 14.27亿 这样的形式",
        "'{written}' is not a number; write e.g. 1200 (or “1.2万”, “14.27亿”)",
    ),
    "upload.percent_unit": (
        "“{written}”是百分数,但该指标的单位是 {unit}",
        "'{written}' is a percentage but the unit is {unit}",
    ),
    "upload.multiple_unit": (
        "“{written}”是倍数,但该指标的单位是 {unit}",
        "'{written}' is a multiple but the unit is {unit}",
    ),
    "upload.converted": (
        "“{written}”已换算为 {value}({qualifier})",
        "'{written}' converted to {value} ({qualifier})",
    ),
    "upload.not_finite": ("“{written}”不是有限的数", "'{written}' is not a finite number"),
    "upload.unknown_column": (
        "未知的列,已忽略;可用的列:{expected}",
        "unknown column, ignored; known columns: {expected}",
    ),
    "upload.twice_in_header": (
        "在表头中出现两次(第 {first} 和第 {second} 个字段)",
        "appears twice in the header (fields {first} and {second})",
    ),
    "upload.missing_column": ("表头缺少这一必需的列", "required column is missing from the header"),
    "upload.unknown_id": (
        "“{value}”不在数据集的 {table}.csv 中",
        "'{value}' is not in the dataset's {table}.csv",
    ),
    "upload.unknown_id_close": (
        "“{value}”不在数据集的 {table}.csv 中;是否应为“{close}”?",
        "'{value}' is not in the dataset's {table}.csv; did you mean '{close}'?",
    ),
    "upload.unknown_id_decimal": (
        "“{value}”不在数据集的 {table}.csv 中;电子表格把它变成了小数:是否应为“{close}”?",
        "'{value}' is not in the dataset's {table}.csv; a spreadsheet made it a decimal "
        "number: did you mean '{close}'?",
    ),
    "upload.not_year": (
        "“{written}”不是用数字 0-9(或全部全角数字)写的四位年份",
        "'{written}' is not a four-digit year written in digits 0-9 (or all full-width)",
    ),
    "upload.year_range": ("{year} 不在 {low}-{high} 之间", "{year} is outside {low}-{high}"),
    "upload.bad_qualifier": (
        "“{written}”不是以下之一:{known}",
        "'{written}' is not one of: {known}",
    ),
    "upload.qualifier_differs": (
        "“{written}”读作 {read},而不是 {given}",
        "'{written}' reads as {read}, not {given}",
    ),
    "upload.empty_file": (
        "文件为空;第 1 行必须是表头:{header}",
        "the file is empty; line 1 must be the header: {header}",
    ),
    "upload.blank_header": (
        "第 1 行是空行;它必须是表头:{header}",
        "line 1 is blank; it must be the header: {header}",
    ),
    "upload.no_delimiter": (
        "看不出各列用什么分隔;请用逗号、制表符或分号",
        "cannot tell how the columns are separated; use commas, tabs or semicolons",
    ),
    "upload.ragged": (
        "这一行有 {fields} 个字段,表头有 {header} 个",
        "row has {fields} fields but the header has {header}",
    ),
    "upload.ragged_thousands": (
        '这一行有 {fields} 个字段,表头有 {header} 个;带千位分隔符的数字请加引号,如 "1,200"',
        "row has {fields} fields but the header has {header}; quote numbers written with "
        'thousands separators, e.g. "1,200"',
    ),
    "upload.duplicate": (
        "第 {first} 行和第 {second} 行都给出了 {given}",
        "lines {first} and {second} both give {given}",
    ),
    "upload.no_rows": ("有表头,但没有数据行", "has a header but no data rows"),
    "input.more_problems": (
        "另有 {count} 个问题未列出(每个文件最多列出 {limit} 个)",
        "{count} more problem(s) not listed (at most {limit} are listed per file)",
    ),
    "input.session_rows": (
        "加入后本次会话的用户补充数据将超过 {limit} 行的上限,未做任何更改;请先清除部分数据",
        "would take this session's user rows over the limit of {limit}; nothing was changed; "
        "clear some rows first",
    ),
    "input.too_many_stations": (
        "可用站点 {count} 个,超过每次分析 {limit} 个的上限;请按县区拆分清单",
        "{count} usable stations, over the limit of {limit} per analysis; split the list by county",
    ),
    "input.timeout": (
        "处理超过 {seconds} 秒的时间上限,已停止;请使用较小的文件",
        "took longer than the {seconds}-second limit and was stopped; use a smaller file",
    ),
    "input.busy": (
        "服务器正在处理其他上传,请稍后再试",
        "the server is busy with other uploads; try again in a minute",
    ),
    "input.failed": (
        "处理失败,未做任何更改;请检查文件后重试",
        "could not be processed; nothing was changed; check the file and try again",
    ),
    "input.working": ("正在处理文件…", "Processing the file…"),
    "input.limit_help": (
        "每个文件最多 {limit_mb} MB({limit} 字节)。",
        "At most {limit_mb} MB ({limit} bytes) per file.",
    ),
    "map.intro": (
        "各地区服务站点数量与覆盖率的最新值。图上只绘制本地保存的行政边界,不加载联网底图;"
        "缺失值显示为“未报告”(浅灰色加斜线),绝不显示为0。",
        "The latest station counts and coverage rates per region. The map draws only the "
        "boundaries stored with the app, with no online basemap; a missing figure shows as "
        "'not reported' (light grey, hatched), never as zero.",
    ),
    "map.indicator_title": ("{indicator}:各地区最新值", "{indicator}: latest value per region"),
    "map.empty": (
        "没有地区报告该指标的单年数值。",
        "No region reports a single-year figure for this indicator.",
    ),
    "map.kind_rate": (
        "分级设色:颜色越亮,比例越高。",
        "Shaded by class: the lighter the colour, the higher the rate.",
    ),
    "map.kind_count": (
        "比例符号:圆的面积与数值成正比,颜色为各地区的固定颜色。",
        "Proportional symbols: each circle's area is proportional to the value; colours are "
        "each region's fixed colour.",
    ),
    "map.legend": ("图例", "Legend"),
    "a11y.summary": ("{title}:{items}。", "{title}: {items}."),
    "a11y.item": ("{region} {period}年 {value}", "{region} {value} ({period})"),
    "a11y.change": (
        "{region} {first_period}年 {first} 至 {last_period}年 {last}",
        "{region} {first} ({first_period}) to {last} ({last_period})",
    ),
    "a11y.more": ("另有 {count} 个地区见下表", "{count} more regions in the table"),
    "a11y.not_reported": ("未报告:{regions}。", " Not reported: {regions}."),
    "map.not_drawn": (
        "以下地区有数值但没有边界,只列在表中:{regions}",
        "These regions have a figure but no boundary, so they appear only in the table: {regions}",
    ),
    "map.boundary_note": (
        "边界为高德(GCJ-02)现行行政区划,可能与早年数据所指范围不同。",
        "Boundaries are today's divisions as drawn by Amap (GCJ-02); they may differ from the "
        "area behind older figures.",
    ),
    "map.table": ("地图数据", "The figures behind the map"),
    "map.column.shown_as": ("显示值", "Shown as"),
    "map.stations_title": ("站点步行覆盖分析", "Walking coverage of a station list"),
    "map.stations_intro": (
        "上传站点清单,计算所选地区内距站点步行可达(直线半径)范围所占的面积比例。"
        "这是面积覆盖率,不是人口覆盖率:按人口加权的覆盖率需要人口格网数据,本工具不含。"
        "坐标会先转换为 GCJ-02(边界所用坐标系);GPS(WGS-84)坐标若不转换,会偏差约500米。",
        "Upload a list of stations to measure the share of the chosen region's area within "
        "walking distance (a straight-line radius) of a station. This is AREA coverage, not "
        "population coverage: population-weighted coverage needs a population grid, which this "
        "tool does not have. Coordinates are converted to GCJ-02, the datum of the boundaries; "
        "unconverted GPS (WGS-84) points would sit about 500 m off.",
    ),
    "map.stations_upload": ("上传站点 CSV", "Upload a stations CSV"),
    "map.stations_upload_help": (
        "列:name, type, lon, lat,可选 crs(wgs84 / gcj02 / bd09,空白视为 gcj02);UTF-8 或 GBK 编码。",
        "Columns: name, type, lon, lat and optionally crs (wgs84 / gcj02 / bd09; blank means "
        "gcj02); UTF-8 or GBK text.",
    ),
    "map.stations_region": ("分析地区", "Region to analyse"),
    "map.stations_minutes": ("步行时间", "Walking time"),
    "map.stations_minutes_option": ("{minutes} 分钟({metres} 米)", "{minutes} min ({metres} m)"),
    "map.stations_speed": (
        "半径按步行速度 {speed} 米/分钟(约 {kmh} 公里/小时)计算。老年人步速往往更慢;"
        "沿街道的实际路程比直线长,因此实际可达范围小于图中的圆。",
        "Radius = minutes × an assumed walking speed of {speed} m/min (about {kmh} km/h). "
        "Older people often walk slower, and routes along streets are longer than a straight "
        "line, so the area really reachable is smaller than the circles.",
    ),
    "map.stations_prompt": (
        "上传站点 CSV 后,这里显示覆盖结果、地图与下载。",
        "Upload a stations CSV to see the coverage result, a map and downloads here.",
    ),
    "map.stations_read": ("已读取 {count} 个站点。", "Read {count} station(s)."),
    "map.stations_problems": (
        "{count} 行未使用,原因按行号列出(第1行为表头):",
        "{count} row(s) were not used; each is listed with its line number (line 1 is the "
        "header) and the reason:",
    ),
    "map.stations_none": ("文件中没有可用的站点。", "The file holds no usable station."),
    "map.stations_result": ("覆盖结果", "Coverage result"),
    "map.stations_outside_all": (
        "不在任何地区边界内的站点:{count} 个",
        "Stations outside every region: {count}",
    ),
    "map.stations_outside_region": (
        "不在所选地区内的站点:{count} 个(图中以橙色标出)",
        "Stations outside the chosen region: {count} (orange on the map)",
    ),
    "map.stations_outside_marker": ("不在所选地区内", "outside the chosen region"),
    "map.stations_map_caption": (
        "蓝色圆 = 步行范围;深色点 = 站点(标注名称);橙色点 = 所选地区以外的站点;粗线 = 所选地区边界,"
        "细线 = 其他区县边界;左下角为比例尺。",
        "Blue circles = walking range; dark dots = stations (with names); orange dots = stations "
        "outside the chosen region; thick line = the chosen region's boundary, thin lines = other "
        "boundaries; scale bar at the lower left.",
    ),
    "map.stations_download_circles": (
        "下载覆盖圆 (GeoJSON, WGS-84)",
        "Download circles (GeoJSON, WGS-84)",
    ),
    "map.stations_circles_help": (
        "坐标已转换为 WGS-84(GeoJSON 标准坐标系,GPS、QGIS、ArcGIS 默认使用)。"
        "供 GIS 软件使用:站点名称按上传原样保存,请勿用电子表格打开。",
        "Coordinates are converted to WGS-84, the datum GeoJSON, GPS, QGIS and ArcGIS assume. "
        "For GIS software: station names are kept exactly as uploaded, so do not open the "
        "file in a spreadsheet.",
    ),
    "map.column.line": ("行号", "Line"),
    "map.column.column": ("列", "Column"),
    "map.column.reason": ("原因", "Reason"),
    "map.column.minutes": ("步行分钟", "Walking minutes"),
    "map.column.radius_m": ("半径(米)", "Radius (m)"),
    "map.column.stations": ("站点数", "Stations"),
    "map.column.covered_km2": ("覆盖面积(平方公里)", "Covered (km²)"),
    "map.column.area_km2": ("地区面积(平方公里)", "Area (km²)"),
    "map.column.covered_share": ("面积覆盖率(%)", "Area covered (%)"),
    "map.column.name": ("名称", "Name"),
    "map.column.type": ("类型", "Type"),
    "map.column.crs": ("原坐标系", "Input datum"),
    "map.column.lon_input": ("原经度", "Input lon"),
    "map.column.lat_input": ("原纬度", "Input lat"),
    "map.column.lon_gcj02": ("经度(GCJ-02)", "Lon (GCJ-02)"),
    "map.column.lat_gcj02": ("纬度(GCJ-02)", "Lat (GCJ-02)"),
    # The map's labels, inset, single-region note and station-analysis messages.
    "map.scale_km": ("{km} 公里", "{km} km"),
    "map.far_west": ("← {x}", "← {x}"),
    "map.far_east": ("{x} →", "{x} →"),
    "map.inset_title": ("插图", "Inset"),
    "map.stations_region_label": ("分析地区:{region}", "Region analysed: {region}"),
    "map.interactive": ("可缩放的交互地图", "Zoomable map"),
    "map.interactive_help": (
        "打开后可缩放地图,鼠标悬停显示数值、年份和来源。没有显卡加速的电脑上需要数秒加载。",
        "Zoom the map and hover over a region for its figure, year and source. On a PC without "
        "graphics acceleration it takes a few seconds to load.",
    ),
    "map.picture_alt": ("地图:{indicator}", "Map: {indicator}"),
    "map.inset_note": (
        "{regions}远离其他地区,主图左右边缘的箭头指向其方位;插图按自身比例绘制。",
        "{regions} lies far from the other regions: the arrow at the edge of the main map points "
        "its way; the inset has its own scale.",
    ),
    "map.single_region": (
        "只有 1 个地区报告此指标:{region} {value}({year} 年)。地图上没有可比较的其他地区。",
        "Only one region reports this indicator: {region} {value} ({year}). The map has no "
        "other region to compare it with.",
    ),
    "map.problem.missing": (
        "缺少 {values[0]} 的值(lon 为经度,lat 为纬度)",
        "no {values[0]} value (lon = longitude, lat = latitude)",
    ),
    "map.problem.not_number": (
        "{values[0]} 不是数字:{values[1]}",
        "{values[0]} is not a number: {values[1]}",
    ),
    "map.problem.swapped": (
        "({values[0]}, {values[1]}) 不在中国境内(东经73-136°,北纬3-54°);经纬度似乎填反了",
        "({values[0]}, {values[1]}) is outside China (73-136°E, 3-54°N); longitude and "
        "latitude look swapped",
    ),
    "map.problem.outside": (
        "({values[0]}, {values[1]}) 不在中国境内(东经73-136°,北纬3-54°)",
        "({values[0]}, {values[1]}) is outside China (73-136°E, 3-54°N)",
    ),
    "map.problem.crs": (
        "坐标系 {values[0]} 无法识别;请填 wgs84(GPS)、gcj02(高德、腾讯)或 bd09(百度)",
        "unknown datum {values[0]}; use wgs84 (GPS), gcj02 (Amap, Tencent) or bd09 (Baidu)",
    ),
    "map.problem.excel": (
        "这是 Excel 文件:请先另存为 CSV(UTF-8)",
        "This is an Excel file: save it as CSV (UTF-8) first",
    ),
    "map.problem.columns": (
        "缺少列:{values[0]};需要 name, type, lon, lat(可选 crs)",
        "missing column(s): {values[0]}; needed: name, type, lon, lat (crs optional)",
    ),
    "map.stations_read_gbk": (
        "已读取 {count} 个站点(按 GBK 编码读取)。",
        "Read {count} station(s) (the file was read as GBK text).",
    ),
    "map.stations_map_datum": (
        "地图与分析使用 GCJ-02(高德)坐标,与边界一致;下载的 GeoJSON 已转换为 WGS-84"
        "(GPS、QGIS、ArcGIS 的默认坐标系),文件名与属性中注明 wgs84。",
        "The map and analysis use GCJ-02 (Amap) coordinates, like the boundaries; the GeoJSON "
        "download is converted to WGS-84 (the datum of GPS, QGIS and ArcGIS) and says wgs84 in "
        "its file name and properties.",
    ),
    # Report workbench (数据采集): turning a new report into reviewed, sourced rows.
    "page.contribute": ("数据采集", "Add a report"),
    "contribute.title": ("数据采集:从新报告生成数据", "Add a report: from text to sourced rows"),
    "contribute.metadata": ("来源信息", "About the source"),
    "contribute.source_id": ("来源 ID(小写字母、数字、下划线)", "Source id (a-z, 0-9, _)"),
    "contribute.title_zh": ("标题", "Title (Chinese)"),
    "contribute.title_en": ("英文标题", "Title (English)"),
    "contribute.publisher": ("发布单位", "Publisher (Chinese)"),
    "contribute.publisher_en": ("发布单位(英文)", "Publisher (English)"),
    "contribute.published": ("发布日期(YYYY 或 YYYY-MM-DD)", "Published (YYYY or YYYY-MM-DD)"),
    "contribute.region": ("报告所属地区", "Region the report is about"),
    "contribute.reference_year": (
        "“目前/今年”所指年份",
        "Year that 'now' and 'this year' (目前, 今年) refer to",
    ),
    "contribute.language": ("文字", "Script"),
    "contribute.kind": ("报告类型", "Kind of report"),
    "contribute.script.zh-Hans": ("简体中文", "Simplified Chinese"),
    "contribute.script.zh-Hant": ("繁体中文", "Traditional Chinese"),
    "contribute.url": ("网址(可选)", "URL (optional)"),
    "contribute.extract": ("提取数字", "Find the figures"),
    "contribute.found": (
        "找到 {count} 个候选数字(黄色);已接受的显示为绿色。",
        "{count} candidate figures (yellow); accepted ones turn green.",
    ),
    "contribute.text": ("原文(候选数字已标出)", "The text, with candidate figures marked"),
    "contribute.review": ("逐条审核", "Review each candidate"),
    "contribute.review_help": (
        "勾选“接受”,必要时修改数值、年份、地区或指标;未勾选的行不会进入数据包。",
        "Tick Accept and correct value, year, region or indicator where needed; unticked rows "
        "stay out of the bundle.",
    ),
    "contribute.new_indicator": ("新建指标", "New indicator"),
    "contribute.indicator_id": ("指标 ID", "Indicator id"),
    "contribute.name_zh": ("中文名称", "Name (Chinese)"),
    "contribute.name_en": ("英文名称", "Name (English)"),
    "contribute.definition_zh": ("中文定义", "Definition (Chinese)"),
    "contribute.definition_en": ("英文定义", "Definition (English)"),
    "contribute.period_type": ("时期类型", "Period type"),
    "contribute.add_indicator": ("添加指标", "Add the indicator"),
    "contribute.indicator_added": (
        "已添加指标 {id},可在表中选用。",
        "Indicator {id} added; choose it in the table.",
    ),
    "contribute.build": ("校验并生成贡献数据包", "Check and build the bundle"),
    "contribute.none_accepted": ("尚未接受任何行。", "No row is accepted yet."),
    "contribute.bad_source_id": (
        "来源 ID 须为 3–60 个小写字母、数字或下划线。",
        "The source id must be 3–60 lower-case letters, digits or underscores.",
    ),
    "contribute.missing_metadata": ("请填写:{fields}。", "Please fill in: {fields}."),
    "contribute.problems": (
        "校验未通过,数据包未生成。请按下表修改:",
        "The check failed and no bundle was built. Fix these:",
    ),
    "contribute.conflicts": ("与现有数据冲突:", "Conflicts with the existing data:"),
    "contribute.passed": (
        "{count} 行已通过与已发布数据相同的校验。",
        "{count} rows passed the same checks as the published data.",
    ),
    "contribute.download": ("下载贡献数据包(zip)", "Download the contribution bundle (zip)"),
    "contribute.refused": ("无法读取该文件:{reason}", "This file cannot be read: {reason}"),
    "contribute.column.accept": ("接受", "Accept"),
    "contribute.column.unit_guess": ("单位(推测)", "Unit (guess)"),
    "contribute.column.suggestions": ("指标建议", "Suggested indicators"),
    "contribute.column.confidence": ("置信度", "Confidence"),
    "contribute.column.period_start": ("起始年份", "Period start"),
    "contribute.column.region_id": ("地区 ID", "Region id"),
    "contribute.column.indicator_id": ("指标 ID", "Indicator id"),
    "contribute.column.problem": ("问题", "Problem"),
    "contribute.column.line": ("行", "Row"),
    "contribute.column.field": ("列", "Column"),
    "precheck.no_indicator": ("未选择指标", "no indicator chosen"),
    "precheck.unknown_indicator": (
        "指标 {id} 不存在;请先新建",
        "indicator {id} does not exist; add it first",
    ),
    "precheck.no_year": ("缺少年份", "the year is missing"),
    "precheck.excerpt": (
        "原文摘录不在上传的报告中",
        "the excerpt does not stand in the uploaded report",
    ),
    "precheck.written": (
        "原文数字“{written}”不在摘录中",
        "'{written}' does not stand in the excerpt",
    ),
    "precheck.value": (
        "数值与原文数字“{written}”不符(应为 {parsed});如为换算,请在说明中写明",
        "the value does not match '{written}' (which reads {parsed}); note any conversion",
    ),
    "document.encoding": (
        "文字编码既不是 UTF-8 也不是 GB18030,请另存为 UTF-8 后再上传",
        "the text is neither UTF-8 nor GB18030; save it as UTF-8 and try again",
    ),
    "document.docx": ("不是可读的 .docx 文件", "not a readable .docx file"),
    "document.pdf": ("不是可读的 PDF 文件", "not a readable PDF"),
    "document.scan": (
        "该 PDF 没有文字层(可能是扫描件),请先做文字识别,或提供 .txt/.docx",
        "this PDF has no text layer (a scan?); run OCR first or supply .txt or .docx",
    ),
    "document.format": (
        "不支持“{suffix}”格式,请使用 .txt、.docx、.pdf 或 .html",
        "'{suffix}' is not a supported format; use .txt, .docx, .pdf or .html",
    ),
    "document.size": ("文件超过 {megabytes} MB", "the file is larger than {megabytes} MB"),
    "document.length": (
        "正文有 {characters:,} 字,超过 {limit:,} 字;请拆分,或使用命令行",
        "the text has {characters:,} characters, more than {limit:,}; split it or use the CLI",
    ),
    # A base read in a reprint or press report that quotes the communiqué (population.csv
    # source_kind = reprint).
    "per.source.reprint_census": ("普查公报(转载){name}", "{name} (reprint)"),
    "per.source.reprint_bulletin": ("统计公报(转载){name}", "{name} (reprint)"),
    # --- lane views25b: derived figures, table columns, normalised-figure honesty ----------
    "label.derived": ("推算", "derived"),
    "deck.citation_header": ("引用的报告与公报", "Reports and bulletins cited"),
    "notice.per_not_offered": (
        "“{mode}”在此不可用:{reason} 已显示{shown}。",
        "“{mode}” is not available here: {reason} Showing {shown}.",
    ),
    "notice.per_no_base_here": (
        "报告该指标的地区都没有相应的人口基数。",
        "none of the regions reporting this indicator has that population base.",
    ),
    "notice.not_reporting": (
        "{regions}未报告该指标,图中只显示报告了的地区。",
        "{regions} do(es) not report this indicator; only reporting regions are shown.",
    ),
    "plans.bullet.band": ("灰色区间 = 目标", "Grey band = target"),
    "plans.bullet.line": ("深灰竖线 = 目标", "Dark grey line = target"),
    "plans.bullet.baseline": ("黑色竖线 = 基期 {baseline}", "black tick = baseline {baseline}"),
    "plans.bullet.latest": ("彩色条 = 最新值 {latest}", "bar = latest {latest}"),
    "plans.bullet.no_latest": ("暂无最新值", "no latest value yet"),
    "plans.bullet.end": ("规划期末 {end}", "plan ends {end}"),
    "per.base_mark": ("人口取{base}年", "base {base}"),
    "per.base_far": (
        "注意:{regions}的人口基数与数字年份相差3年以上,折算值仅供参考。",
        "Note: the population base of {regions} is more than 3 years from the figure's year; "
        "treat the rate as indicative.",
    ),
    "per.stated_mark": ("报告自述{stated}", "report: {stated}"),
    "per.stated_line": (
        "{region} {year}年:报告自述 {stated}(按{basis}),本图按常住人口折算为 {ours};"
        "基数不同,两者不可直接互比。",
        "{region} {year}: the report itself states {stated} (of {basis}); this chart divides "
        "by residents and shows {ours}. The bases differ, so the two are not directly comparable.",
    ),
    "per.basis.registered": ("户籍老年人口", "registered elderly"),
    "per.basis.own": ("报告自身口径", "the report's own base"),
    "label.shown_value": ("显示值", "Shown as"),
    "table.derivation": (
        "由原文“{written}”推算为 {value}。{why}",
        "Derived from “{written}” as {value}: {why}",
    ),
    # Safe contributions (issue 26): archive limits, worker queue and memory ceiling.
    "document.archive": (
        "该 .docx 解压后超过 {megabytes} MB,或压缩比超过 {ratio}:1,未读取即拒绝",
        "the .docx unpacks to more than {megabytes} MB or is compressed more than {ratio}:1; "
        "it was refused unread",
    ),
    "document.encrypted": (
        "该 PDF 已加密,请另存一份未加密的副本后再上传",
        "this PDF is encrypted; save an unencrypted copy and try again",
    ),
    "input.queued": (
        "排队中:第 {position} 位,轮到后自动开始处理…",
        "Queued: number {position} in line; processing starts by itself when its turn comes…",
    ),
    "input.memory": (
        "处理所需内存超过每个文件 {megabytes} MB 的上限,已停止,未做任何更改;请使用较小的文件",
        "needed more than the {megabytes} MB memory limit per file and was stopped; nothing "
        "was changed; use a smaller file",
    ),
    "input.over_limit_note": (
        "每个文件最多 {limit_mb} MB。超过 {backstop_mb} MB 的文件不会上传,文件名旁只显示红色标记;"
        "请拆分后上传,或在维护人员的电脑上使用命令行 python -m civdash extract。",
        "At most {limit_mb} MB per file. A file over {backstop_mb} MB is not uploaded and only "
        "gets a red mark beside its name; split it, or run python -m civdash extract on a "
        "maintainer's machine.",
    ),
    "document.mixed_encoding": (
        "第 {line} 行的编码与其他行不同(混有 UTF-8 与其他编码),请整体另存为 UTF-8",
        "line {line} is in a different encoding from the others; save the whole file as UTF-8",
    ),
    "document.control": (
        "第 {line} 行含有控制字符,不像文字文件;请另存为 UTF-8 文本",
        "line {line} holds control characters, which a text file does not; save it as UTF-8 text",
    ),
    # 数据采集 with statistical tables and several files at once (issue 24).
    "kind.statistical_table": ("统计报表", "statistical table"),
    "document.table_unreadable": ("不是可读的表格文件", "not a readable table file"),
    "document.table_archive": (
        "文件解压后超过表格文件的合理大小",
        "the file unpacks to more than a table file can hold",
    ),
    "contribute.upload_many": (
        "报告或统计表文件(可多选)",
        "Report or statistical table files (several at once)",
    ),
    "contribute.too_many_files": (
        "一次最多读取 {limit} 个文件;其余 {rest} 个未读取。",
        "At most {limit} files are read at once; {rest} more were left out.",
    ),
    "contribute.reading": ("正在读取 {name}", "Reading {name}"),
    "contribute.read_done": (
        "{name}:{count} 个候选数字",
        "{name}: {count} candidate figures",
    ),
    "contribute.refused_file": ("{name} 无法读取:{reason}", "{name} cannot be read: {reason}"),
    "contribute.files": ("文件", "Files"),
    "contribute.files_help": (
        "每个文件的地区、年份和类型是从标题或文件名推测的,可直接修改;改动地区或年份后会重新提取。",
        "Each file's region, year and kind are guessed from its title or file name; correct them "
        "here, and the figures are read again.",
    ),
    "contribute.shared": ("各文件共用的来源信息", "Source details all files share"),
    "contribute.column.file": ("文件", "File"),
    "contribute.column.region": ("地区", "Region"),
    "contribute.column.indicator": ("指标", "Indicator"),
    "contribute.column.unit": ("单位", "Unit"),
    "contribute.column.qualifier": ("确数/约数", "Exact or approximate"),
    "contribute.column.year": ("年份", "Year"),
    "contribute.column.value": ("数值", "Value"),
    "contribute.column.value_as_written": ("原文写法", "As written"),
    "contribute.column.excerpt": ("原文摘录", "Excerpt"),
    "contribute.column.check": ("需核对", "To check"),
    "contribute.column.where": ("位置", "Where"),
    "contribute.column.kind": ("类型", "Kind"),
    "contribute.column.title_zh": ("标题", "Title (Chinese)"),
    "contribute.column.title_en": ("英文标题", "Title (English)"),
    "contribute.column.source_id": ("来源编号", "Source id"),
    "contribute.accept_all": ("全部接受", "Accept all"),
    "contribute.reject_all": ("全部不接受", "Reject all"),
    "contribute.preaccepted": (
        "表格中单位、指标和年份都确定的 {count} 个数字已预先勾选;“需核对”一栏说明其余各行的疑点。",
        "{count} table figures whose unit, indicator and year are all certain are ticked already; "
        "the To check column says what is doubtful about the others.",
    ),
    "contribute.preview": (
        "将加入的数据(地区 × 指标)",
        "What the bundle adds (region × indicator)",
    ),
    "contribute.preview_empty": ("尚未接受任何行。", "No row is accepted yet."),
    "contribute.duplicate_source_id": (
        "两个文件的来源编号相同,请修改其中一个。",
        "Two files have the same source id; change one of them.",
    ),
    "contribute.intro_many": (
        "上传一份或多份报告或统计表(.txt、.docx、.pdf、.html、.xlsx、.xls、.csv),系统列出其中"
        "每个数字及其原文、年份、地区和指标建议;统计表逐格读取,单位按单位列、表头或指标名换算。"
        "逐条接受、修改或舍弃,校验通过后下载数据包,交给数据维护人员合并。本页不会改动已发布的数据。",
        "Upload one or more reports or statistical tables (.txt, .docx, .pdf, .html, .xlsx, .xls, "
        ".csv). Every figure is listed with its excerpt and a guess of year, region and "
        "indicator; a table is read cell by cell, with its unit taken from the unit column, the "
        "header or the row name. Accept, correct or reject each; rows that pass the checks go "
        "into a bundle for the data maintainer to merge. This page never changes the published "
        "data.",
    ),
    "contribute.slips_checked": (
        "已核对上面的单位疑点,仍按现值生成",
        "I have checked the unit doubts above; build with these values",
    ),
    "contribute.slips_block": (
        "有 {count} 行可能存在单位错误(见“需核对”),请修改数值,或确认已核对。",
        "{count} rows may have a unit slip (see To check); correct the value, or confirm you "
        "checked them.",
    ),
    "contribute.new_prefix": ("新建:", "New: "),
    "contribute.period_type.point": ("年度或时点数", "one year or a moment"),
    "contribute.period_type.multi_year": ("多年合计或变化", "a total or change over years"),
    "contribute.where_prose": ("正文", "text"),
    "contribute.where_table": (
        "{table} 第{row}行第{column}列:{label}({header})",
        "{table}, row {row}, column {column}: {label} ({header})",
    ),
    "contribute.note.target_year": ("目标年份", "target year"),
    "contribute.note.multi_year": ("多年累计数", "multi-year total"),
    "contribute.note.range_lower": ("区间下限", "lower end of a range"),
    "contribute.note.range_upper": ("区间上限", "upper end of a range"),
    "contribute.note.chinese_numerals": ("中文数字", "written in Chinese numerals"),
    "contribute.note.region_earlier": ("地区取自句中前文", "region named earlier in the sentence"),
    "contribute.note.period": ("报告期 {period}", "period {period}"),
    "contribute.role.cumulative": ("累计数", "cumulative to date"),
    "contribute.role.prior": ("上年同期数", "same period a year earlier"),
    "contribute.role.change": ("同比变化(%)", "change on a year earlier (%)"),
    "contribute.unit_source.unit_column": (
        "单位“{unit}”取自单位列",
        "unit {unit} from the unit column",
    ),
    "contribute.unit_source.row_label": ("单位“{unit}”取自指标名", "unit {unit} from the row name"),
    "contribute.unit_source.column_header": ("单位“{unit}”取自表头", "unit {unit} from the header"),
    "contribute.unit_source.table_note": (
        "单位“{unit}”取自表注",
        "unit {unit} from the table's note",
    ),
    "contribute.unit_source.cell": ("单位“{unit}”取自单元格", "unit {unit} from the cell"),
    "contribute.unit_source.other": ("单位“{unit}”", "unit {unit}"),
    "contribute.flag.undecided": (
        "文件未注明单位,无法判断",
        "the file states no unit; it cannot be decided",
    ),
    "contribute.flag.no_unit_standard": (
        "文件未注明单位,标准报表此行以“{unit}”计:请核对是否应乘以相应倍数",
        "the file states no unit; the standard table prints this row in {unit}: check the scale",
    ),
    "contribute.flag.units_disagree": (
        "单位不一致:{units}",
        "the units disagree: {units}",
    ),
    "contribute.flag.unit_mismatch": (
        "单位“{unit}”与该行的标准指标不符",
        "the unit {unit} does not fit this row's standard indicator",
    ),
    "contribute.flag.slip": (
        "是该地区最新数据({latest})的 {times} 倍:可能漏写或多写了“{slip}”",
        "{times} times the region's latest figure ({latest}): a {slip} (10^n) slip?",
    ),
    "contribute.check.per_1000": (
        "原文按每千名老年人计,该指标按每百名:{value} 应为 {meant}",
        "the text counts per 1,000 older people, the indicator per 100: {value} should be {meant}",
    ),
    "contribute.check.slip": (
        "{value} 是该地区 {year} 年数据({latest})的 {times} 倍,可能是单位错误:是否应为 {meant}?",
        "{value} is {times} times the region's {year} figure ({latest}): a unit slip? "
        "Perhaps {meant}.",
    ),
    "contribute.check.per_mille": (
        "原文为千分比(‰),该指标为百分比",
        "the text gives per mille (‰), the indicator percent",
    ),
    # --- one rule in one place (units, ranges, formatter, banner); keep this block together ---
    "range.share": (
        "{value} 不在 0–100 之间,不可能是百分比",
        "{value} is outside 0-100 for a percentage",
    ),
    "range.negative": (
        "{value} 为负数,该单位的数值不可能为负",
        "{value} is negative, which a value in this unit cannot be",
    ),
    "range.fall": (
        "{value} 意味着下降超过 100%,变化率不可能如此",
        "{value} is a fall of more than 100 %, which a change cannot be",
    ),
    "range.ceiling": (
        "{value} 超过 {ceiling},超出该单位任何可能的数值",
        "{value} is above {ceiling}, more than any value in this unit can be",
    ),
    "value.per_year": ("{value}/年", "{value}/year"),
    "category.social_assistance": ("社会救助", "Social assistance"),
    "category.elderly_care": ("养老服务", "Elderly care"),
    "category.community_services": ("社区服务", "Community services"),
    "category.social_organisations": ("社会组织", "Social organisations"),
    "category.social_work": ("社会工作", "Social work"),
    "category.disaster_relief": ("防灾减灾", "Disaster relief"),
    "category.charity_lottery": ("慈善与福彩", "Charity and welfare lottery"),
    "category.child_welfare": ("儿童福利", "Child welfare"),
    "category.funeral_services": ("殡葬服务", "Funeral services"),
    "category.marriage_adoption": ("婚姻收养", "Marriage and adoption"),
    "category.veterans": ("优抚安置", "Veterans and entitled groups"),
    "category.governance": ("基层治理与行政", "Governance and administration"),
    "category.other": ("其他", "Other"),
    "method.section.1.heading": (
        "数据从哪里来",
        "Where the figures come from",
    ),
    "method.section.1.body": (
        "全部数字来自五份公开的民政报告:宁波市民政局十年回顾(2012年)、黄石港区民政事业“十三五”"
        "规划(含“十二五”回顾)、衢州市民政局2013年工作总结、南通市民政局十年回顾(2012–2022年)和"
        "浙江省11个地级市的民政专题文章汇编(2019年)。报告全文按网页原样收录在数据包的 "
        "`sources/` 文件夹中,可在“原文”页阅读。",
        "Every figure comes from five public civil-affairs reports: Ningbo's ten-year review "
        "(2012), Huangshigang District's 13th Five-Year Plan (with its review of 2011–2015), "
        "Quzhou's 2013 work summary, Nantong's ten-year review (2012–2022) and a collection of "
        "feature articles on eleven Zhejiang cities (2019). The reports are bundled unchanged "
        "in the package's `sources/` folder and can be read on the Source texts page.",
    ),
    "method.section.2.heading": (
        "如何整理与核对",
        "How the figures were curated and checked",
    ),
    "method.section.2.body": (
        "- 逐段人工摘录每个数字,并由第二人独立复核。\n- 每个数字都附有原文摘录;校验程序逐条确认"
        "摘录与原文逐字一致(忽略空白),并确认“原文数字”(如“近800”“14.27亿”)换算后等于数值。\n- "
        "校验程序还检查类型、词表、主键与外键、年份范围和单位范围;数据包可用 `frictionless "
        "validate` 独立检查。\n- 2026年11月,独立审核随机抽查80个数字:67个完全正确,1个错误(黄石"
        "港区“新建”设施被记为存量)已改正,12个可商榷之处逐一作出决定,理由写在该行的说明中。",
        "- Each figure was read by hand, paragraph by paragraph, and checked by a second, "
        "independent pass.\n- Every figure carries its verbatim excerpt; the validator "
        "confirms that each excerpt stands in its report word for word (whitespace ignored) "
        "and that the figure as written (e.g. 近800, 14.27亿) converts to the stored value.\n- "
        "The validator also checks types, vocabularies, keys, year ranges and unit ranges; the "
        "package can be checked on its own with `frictionless validate`.\n- In November 2026 "
        "an independent audit checked 80 random figures: 67 were right, one error "
        "(Huangshigang's newly built facilities stored as a stock) has been fixed, and each of "
        "12 judgement calls was decided, with the reason in the row's note.",
    ),
    "method.section.3.heading": (
        "年份、单位与限定词",
        "Years, units and qualifiers",
    ),
    "method.section.3.body": (
        "- **年份**是数字所描述的年份,不是发布年份。“截止2011年底”记为2011;“目前”“今年”记为文章"
        "所在年份;“去年”记为前一年。\n- **多年累计或变化**(“十三五以来”“十年来累计”)记为起止年"
        "份,单独成为多年指标,不与年度数值画在同一条线上;原文未写起始年时起始年留空。\n- **单位*"
        "*统一为基本单位:万元、亿元换算为元;百分比以百分点计(57.7,不是0.577)。\n- **限定词**保"
        "留原文的措辞:近、约、左右记为约数;多、余、以上、超、不少于记为下限;以内、不超过记为上"
        "限。图中空心点表示约数或下限。",
        "- **Year** is the year a figure describes, not the publication year. 截止2011年底 is "
        "2011; 目前 and 今年 are the article's own year; 去年 the year before.\n- **Multi-year "
        "totals and changes** (十三五以来, 十年来累计) carry their first and last years and "
        "have indicators of their own, never drawn on a line with annual values; where the "
        "text gives no start, the start is left empty.\n- **Units** are base units: 万元 and 亿"
        "元 become yuan; shares are percentage points (57.7, not 0.577).\n- **Qualifiers** "
        "keep the report's hedge: 近, 约, 左右 are approximate; 多, 余, 以上, 超, 不少于 are "
        "lower bounds; 以内, 不超过 upper bounds. Hollow points on charts mark them.",
    ),
    "method.section.4.heading": (
        "“未报告”是什么意思",
        'What "not reported" means',
    ),
    "method.section.4.body": (
        "某地区没有某个数字,表示它的报告没有写这个数字,不表示为零,也不表示没有这项工作。页面上"
        "显示为“未报告”,下载文件中留空。数据中不做任何估算或填补。",
        "A region without a figure has no such figure in its report: it does not mean zero, "
        "nor that the work is not done. Screens show 'not reported' and files leave the cell "
        "empty. Nothing is estimated or filled in.",
    ),
    "method.section.5.heading": (
        "推算值与约定年份",
        "Derived values and conventional years",
    ),
    "method.section.5.body": (
        "- 少数数字由原文数字推算(如衢州避灾场所 106+492=598),算式写在“推算说明”中,原文数字保留"
        "不变。\n- 原文未写年份的“此前”数值按约定记年(浙江专题文章记为2018年,黄石港区整合前记为"
        "2010年),说明中写明这是约定年份。\n- 南通报告为繁体字,网页抓取在多音字后夹带拼音(如“養"
        "(yǎng)老”),个别处有乱码;摘录按原样保存,“原文”页可隐藏拼音、转为简体阅读。",
        "- A few figures are derived from written ones (Quzhou's shelters 106 + 492 = 598); "
        'the arithmetic is in the derivation column and the written figure is kept.\n- "Before'
        '" values the text does not date get a conventional year (2018 for the 2019 Zhejiang '
        "articles, 2010 for Huangshigang before its consolidation); the note says so.\n- "
        "Nantong's report is in traditional characters, and the web copy follows many "
        "characters with their pinyin (養(yǎng)老) and garbles a few spans; excerpts keep the "
        "text as it is, and the Source texts page can hide the pinyin and show simplified "
        "characters.",
    ),
    "increase.at_least": (
        "提高{times}倍多(+{percent}以上)",
        "more than {times} (+{percent} or more)",
    ),
    "increase.at_least_percent": ("提高{percent}以上", "rose by more than {percent}"),
    "increase.at_most": (
        "提高不到{times}倍(+{percent}以内)",
        "less than {times} (+{percent} at most)",
    ),
    "increase.at_most_percent": ("提高不超过{percent}", "rose by at most {percent}"),
    "increase.exact": ("提高{about}{times}倍(+{percent})", "{about}{times} (+{percent})"),
    "increase.exact_percent": ("提高{about}{percent}", "rose by {about}{percent}"),
    "increase.about": ("约", "about "),
    "increase.word.1": ("一倍", "doubled"),
    "increase.word.2": ("两倍", "tripled"),
    "increase.word.3": ("三倍", "quadrupled"),
    "notice.data_problems": (
        "数据检查发现 {count} 处问题,部分数字可能有误;请告知数据维护人员。",
        "The data check found {count} problem(s), so some figures may be wrong; please tell "
        "the data maintainers.",
    ),
    # --- lane views25a (issue 25): map classes, presentation headings, navigation ---
    "map.no_base_value": ("无人口基数: {value}, {year}", "no population base: {value}, {year}"),
    "map.no_base_entry": (
        "{region} 无人口基数: {value}, {year}",
        "{region}: no population base ({value}, {year})",
    ),
    "map.no_base_many": (
        "无人口基数(未折算):{count}个地区,见下方说明",
        "No population base (not divided): {count} regions, listed below",
    ),
    "notice.per_unavailable": (
        "链接要求“{mode}”,但报告该指标的地区都没有这一人口基数,已显示原始数值。",
        "The link asks for '{mode}', but no region reporting this indicator has that population "
        "base; raw values are shown.",
    ),
    "profile.heading": ("{region} · 城市档案", "{region} · City profile"),
    "a11y.no_base": (
        "无人口基数(仅有原始数值):{regions}。",
        " No population base (raw value only): {regions}.",
    ),
}

PAGE_KEYS = (
    "overview",
    "trends",
    "compare",
    "profile",
    "map",
    "plans",
    "data",
    "source",
    "method",
    "contribute",
)


def text(key: str, lang: str, **values) -> str:
    """The string for `key` in `lang`, with {placeholders} filled in."""
    pair = STRINGS.get(key)
    if pair is None:
        raise KeyError(f"no UI string named {key!r}")
    chosen = pair[0] if lang == "zh" else pair[1]
    return chosen.format(**values) if values else chosen


def join(items, lang: str) -> str:
    """The one list joiner per language: 宁波市、衢州市 / Ningbo, Quzhou. Items that hold the
    separator themselves ('Quzhou 14,820 beds (2013)') are set off with semicolons instead."""
    items = [str(item) for item in items]
    separator, fallback = ("、", ";") if lang == "zh" else (", ", "; ")
    if any(separator.strip() in item for item in items):
        return fallback.join(items)
    return separator.join(items)


def category_name(category: str, lang: str) -> str:
    key = f"category.{category}"
    return text(key, lang) if key in STRINGS else category


def qualifier_name(qualifier: str, lang: str) -> str:
    return text(f"qualifier.{qualifier}", lang) if qualifier else ""
