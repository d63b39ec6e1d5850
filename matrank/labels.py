"""The one table of bilingual (zh/en) labels: tiers, lenses, criteria, indicators,
directions, report headings. Everything shown to a person takes its words from here.
"""

from __future__ import annotations

LANGS = ("en", "zh")

LABELS: dict[str, dict[str, str]] = {
    # lenses
    "lens.government": {"en": "Government lens", "zh": "政府视角"},
    "lens.market": {"en": "Market lens", "zh": "市场视角"},
    "lens.government.short": {"en": "Gov", "zh": "政府"},
    "lens.market.short": {"en": "Market", "zh": "市场"},
    # directions
    "direction.benefit": {"en": "benefit (higher ranks higher)", "zh": "效益型（越大越优先）"},
    "direction.cost": {"en": "cost (lower ranks higher)", "zh": "成本型（越小越优先）"},
    # tiers
    "tier.joint": {"en": "Joint priority", "zh": "联合攻关"},
    "tier.government-led": {"en": "Government-led", "zh": "政府主导"},
    "tier.market-led": {"en": "Market-led", "zh": "市场主导"},
    "tier.monitor": {"en": "Monitor", "zh": "跟踪培育"},
    "tier.joint.meaning": {
        "en": "high on both lenses: a supply-security chokepoint that is also a business opportunity",
        "zh": "两个视角均高：既是供应安全卡点，也是市场机会"},
    "tier.government-led.meaning": {
        "en": "high for supply security, low as a business case: the market will not carry it alone",
        "zh": "供应安全重要但商业回报低：市场无法单独承担"},
    "tier.market-led.meaning": {
        "en": "a business opportunity that is not a security chokepoint: firms can lead",
        "zh": "有市场机会但非安全卡点：企业可主导"},
    "tier.monitor.meaning": {
        "en": "low on both lenses for now: watch and cultivate",
        "zh": "两个视角目前均低：跟踪并培育"},
    "tier.joint.instruments": {
        "en": "national programme with market co-investment; chain-leader (链主) firms plus "
              "innovation platforms; resource mobilisation and market formation",
        "zh": "国家专项与市场共同投入；链主企业+创新平台；资源动员与市场形成"},
    "tier.government-led.instruments": {
        "en": "new whole-nation-system projects (新型举国体制), open competition for key "
              "tasks (揭榜挂帅), government procurement, first-batch insurance compensation "
              "(首批次保险补偿), pilot-scale validation platforms (中试平台)",
        "zh": "新型举国体制项目、揭榜挂帅、政府采购、首批次保险补偿、中试平台"},
    "tier.market-led.instruments": {
        "en": "enterprise-led: innovation consortia, industry funds, specialised 'little "
              "giant' firms (专精特新); entrepreneurial experimentation",
        "zh": "企业主导：创新联合体、产业基金、专精特新企业；创业实验"},
    "tier.monitor.instruments": {
        "en": "technology foresight and knowledge development; keep watching",
        "zh": "技术预见与知识积累；持续跟踪"},
    # criteria
    "criterion.import_dependence": {"en": "Import dependence", "zh": "进口依赖度"},
    "criterion.patent_control": {"en": "Patent control", "zh": "专利控制"},
    "criterion.validation_cycle": {"en": "Validation cycle", "zh": "验证周期"},
    "criterion.market_pull": {"en": "Market pull", "zh": "市场拉动"},
    "criterion.import_dependence.meaning": {
        "en": "share of domestic demand met by imports (1 − domestic rate); concentrated "
              "import origins add cut-off risk",
        "zh": "国内需求中依赖进口的比例（1 − 国产化率）；进口来源集中会增加断供风险"},
    "criterion.patent_control.meaning": {
        "en": "how far foreign holders control the core patents",
        "zh": "国外权利人对核心专利的控制程度"},
    "criterion.validation_cycle.meaning": {
        "en": "years from a working sample to qualified supply in customers' lines",
        "zh": "从样品到进入下游客户产线合格供应所需年数"},
    "criterion.market_pull.meaning": {
        "en": "downstream demand pulling the material",
        "zh": "下游需求对该材料的拉动作用"},
    # indicators
    "indicator.domestic_rate": {"en": "Domestic rate", "zh": "国产化率"},
    "indicator.production": {"en": "Domestic production", "zh": "国内产量"},
    "indicator.imports": {"en": "Imports", "zh": "进口量"},
    "indicator.exports": {"en": "Exports", "zh": "出口量"},
    "indicator.supplier_concentration": {"en": "Supplier concentration (HHI)", "zh": "进口来源集中度（HHI）"},
    "indicator.foreign_core_patent_share": {"en": "Foreign share of core patents", "zh": "国外核心专利占比"},
    "indicator.top3_holder_share": {"en": "Top-3 holders' patent share", "zh": "前三权利人专利占比"},
    "indicator.validation_years": {"en": "Validation time (years)", "zh": "验证周期（年）"},
    "indicator.market_pull_rating": {"en": "Market pull rating (1–9)", "zh": "市场拉动评分（1–9）"},
    "indicator.market_size": {"en": "Market size", "zh": "市场规模"},
    "indicator.market_growth": {"en": "Market growth per year", "zh": "市场年增长率"},
    # report headings
    "col.rank": {"en": "Rank", "zh": "排名"},
    "col.id": {"en": "ID", "zh": "编号"},
    "col.material": {"en": "Material", "zh": "材料"},
    "col.category": {"en": "Category", "zh": "类别"},
    "col.government": {"en": "Gov C", "zh": "政府C"},
    "col.market": {"en": "Market C", "zh": "市场C"},
    "col.composite": {"en": "Composite", "zh": "综合"},
    "col.tier": {"en": "Tier", "zh": "梯队"},
    "col.confidence": {"en": "P(tier)", "zh": "梯队概率"},
    "col.criterion": {"en": "Criterion", "zh": "准则"},
    "col.weight": {"en": "Weight", "zh": "权重"},
    "col.alternative": {"en": "Alternative", "zh": "方案"},
    "col.closeness": {"en": "Closeness", "zh": "贴近度"},
    "col.d_plus": {"en": "D+", "zh": "D+"},
    "col.d_minus": {"en": "D-", "zh": "D-"},
    "heading.weights": {"en": "Criterion weights", "zh": "准则权重"},
    "heading.thresholds": {"en": "Tier thresholds", "zh": "梯队阈值"},
    "heading.tiers": {"en": "What the tiers mean", "zh": "梯队含义"},
    "heading.consistency": {"en": "Consistency", "zh": "一致性"},
}


def label(key: str, lang: str = "en") -> str:
    """The label for ``key`` in ``lang``; ``both`` gives "中文 / English"."""
    entry = LABELS[key]
    if lang == "both":
        return f"{entry['zh']} / {entry['en']}"
    return entry[lang]


def has_label(key: str) -> bool:
    return key in LABELS
