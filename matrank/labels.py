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
    "col.government.topsis": {"en": "Gov C", "zh": "政府C"},
    "col.market.topsis": {"en": "Market C", "zh": "市场C"},
    "col.government.vikor": {"en": "Gov 1−Q", "zh": "政府 1−Q"},
    "col.market.vikor": {"en": "Market 1−Q", "zh": "市场 1−Q"},
    # ranking methods
    "method.topsis.score": {"en": "TOPSIS closeness", "zh": "TOPSIS 贴近度"},
    "method.vikor.score": {"en": "VIKOR score 1 − Q", "zh": "VIKOR 得分 1 − Q"},
    "method.vikor.note": {
        "en": "Ranking: VIKOR (v = 0.5); score = 1 − Q, higher is better",
        "zh": "排序方法：VIKOR（v = 0.5）；得分 = 1 − Q，越大越优先"},
    "heading.warnings": {"en": "Warnings", "zh": "警告"},
    "heading.provenance": {"en": "Provenance", "zh": "来源与参数"},
    # rank --explain
    "explain.title": {"en": "{id} — {name} ({category}): rank {rank}, {tier}",
                      "zh": "{id} — {name}（{category}）：排名 {rank}，{tier}"},
    "explain.topsis.line": {"en": "C = {closeness:.4f} (D+ {d_plus:.4f}, D− {d_minus:.4f})",
                            "zh": "贴近度 C = {closeness:.4f}（D+ {d_plus:.4f}，D− {d_minus:.4f}）"},
    "explain.vikor.line": {"en": "1 − Q = {score:.4f} (S {s:.4f}, R {r:.4f}, Q {q:.4f})",
                           "zh": "1 − Q = {score:.4f}（S {s:.4f}，R {r:.4f}，Q {q:.4f}）"},
    "explain.topsis.footnote": {
        "en": "d+ part / d- part: squared distance to the ideal / anti-ideal on that criterion; "
              "D± = sqrt(sum of parts).",
        "zh": "d+ 分量 / d- 分量：该准则上到正 / 负理想解的距离平方；D± = 各分量之和的平方根。"},
    "explain.vikor.footnote": {
        "en": "gap = (best − value) / (best − worst) on that criterion; S = sum of weighted gaps, "
              "R = the largest; Q = 0.5·(S − S*)/(S− − S*) + 0.5·(R − R*)/(R− − R*).",
        "zh": "差距 = (最优值 − 取值) / (最优值 − 最差值)；S = 加权差距之和，R = 其中最大者；"
              "Q = 0.5·(S − S*)/(S− − S*) + 0.5·(R − R*)/(R− − R*)。"},
    "explain.criterion": {"en": "criterion", "zh": "准则"},
    "explain.indicators": {"en": "indicators", "zh": "指标"},
    "explain.value": {"en": "value", "zh": "取值"},
    "explain.range": {"en": "range", "zh": "范围"},
    "explain.lens": {"en": "lens", "zh": "视角"},
    "explain.dir": {"en": "dir", "zh": "方向"},
    "explain.weight": {"en": "weight", "zh": "权重"},
    "explain.normalized": {"en": "normalized", "zh": "规范化值"},
    "explain.weighted": {"en": "weighted", "zh": "加权值"},
    "explain.d_plus_part": {"en": "d+ part", "zh": "d+ 分量"},
    "explain.d_minus_part": {"en": "d- part", "zh": "d- 分量"},
    "explain.best": {"en": "best", "zh": "最优值"},
    "explain.worst": {"en": "worst", "zh": "最差值"},
    "explain.gap": {"en": "gap", "zh": "差距"},
    "explain.weighted_gap": {"en": "weighted gap", "zh": "加权差距"},
    "explain.direction.benefit": {"en": "benefit", "zh": "效益型"},
    "explain.direction.cost": {"en": "cost", "zh": "成本型"},
    "explain.estimate": {"en": "estimate", "zh": "估计值"},
    "explain.unsourced": {"en": "unsourced", "zh": "无来源"},
    "explain.estimates": {"en": "estimates", "zh": "估计值"},
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
    # matrank ahp / matrank topsis
    "ahp.element": {"en": "element", "zh": "要素"},
    "ahp.weight": {"en": "weight", "zh": "权重"},
    "ahp.consistent": {"en": "consistent", "zh": "一致性可接受"},
    "ahp.inconsistent": {"en": "INCONSISTENT: revise the judgments below", "zh": "一致性不足：请修改以下判断"},
    "ahp.summary": {"en": "λmax {lmax:.4f}  CI {ci:.4f}  CR {cr:.4f} (RI {ri:.4f}, {table}; threshold "
                          "{threshold:.2f}): {status}",
                    "zh": "λmax {lmax:.4f}  CI {ci:.4f}  CR {cr:.4f}（RI {ri:.4f}，{table}；阈值 {threshold:.2f}）："
                          "{status}"},
    "ahp.gci": {"en": "GCI {gci:.4f} (limit {limit:.2f}){verdict}", "zh": "GCI {gci:.4f}（上限 {limit:.2f}）{verdict}"},
    "ahp.gci_above": {"en": ": above it, inconsistent", "zh": "：超过上限，不一致"},
    "ahp.completed": {"en": "completed (Harker): {a} vs {b} = {value:.4f}",
                      "zh": "补全（Harker 方法）：{a} 对 {b} = {value:.4f}"},
    "ahp.check": {"en": "check", "zh": "核对"},
    "ahp.revise": {"en": "revise", "zh": "修改"},
    "ahp.keep": {"en": "keep it", "zh": "保持不变"},
    "ahp.nearest": {"en": "nearest scale value {value}", "zh": "最接近的标度值 {value}"},
    "ahp.pair": {"en": "{verb}: {a} vs {b} is {value}; the priorities imply {implied:.3g}; {advice}",
                 "zh": "{verb}：{a} 对 {b} 为 {value}；权重隐含 {implied:.3g}；{advice}"},
    # matrank validate / cases / criteria
    "validate.valid": {"en": "{path}: valid case {id!r} ({title})", "zh": "{path}：案例 {id!r} 有效（{title}）"},
    "validate.materials": {"en": "materials: {materials}", "zh": "材料：{materials}"},
    "validate.values": {"en": "values: {values} — sourced {sourced} (quoted {quoted}), estimates {estimates} "
                              "({estimates_with_quote} with a supporting quote), unsourced {unsourced}",
                        "zh": "取值：{values} 个 — 有来源 {sourced} 个（含原文引用 {quoted} 个），估计值 {estimates} 个"
                              "（其中 {estimates_with_quote} 个有佐证引文），无来源 {unsourced} 个"},
    "validate.judgments": {"en": "{lens} judgments: CR {cr:.3f} ({flag})", "zh": "{lens}判断：CR {cr:.3f}（{flag}）"},
    "validate.consistent": {"en": "consistent", "zh": "一致性可接受"},
    "validate.inconsistent": {"en": "INCONSISTENT", "zh": "一致性不足"},
    "validate.explicit": {"en": "{lens} weights: explicit", "zh": "{lens}权重：直接给定"},
    "validate.unsourced": {"en": "note: {unsourced} values have neither a source nor an estimate range",
                           "zh": "注意：{unsourced} 个取值既无来源也无估计范围"},
    "cases.name": {"en": "name", "zh": "名称"},
    "cases.title": {"en": "title", "zh": "标题"},
    "cases.materials": {"en": "materials", "zh": "材料数"},
    "cases.sourced": {"en": "sourced", "zh": "有来源"},
    "cases.estimates": {"en": "estimates", "zh": "估计值"},
    "criteria.id": {"en": "id", "zh": "编号"},
    "criteria.name": {"en": "name", "zh": "名称"},
    "criteria.unit": {"en": "unit", "zh": "单位"},
    "criteria.government": {"en": "government", "zh": "政府视角"},
    "criteria.market": {"en": "market", "zh": "市场视角"},
    "criteria.formula": {"en": "formula", "zh": "公式"},
    "topsis.normalization": {"en": "normalization: {name}", "zh": "规范化方法：{name}"},
    "heading.thresholds": {"en": "Tier thresholds", "zh": "梯队阈值"},
    # sensitivity (SMAA) report
    "smaa.title": {"en": "Sensitivity (SMAA-2)", "zh": "敏感性分析（SMAA-2）"},
    "smaa.samples": {"en": "samples", "zh": "次抽样"},
    "smaa.seed": {"en": "seed", "zh": "随机种子"},
    "smaa.weights": {"en": "weights", "zh": "权重"},
    "smaa.values": {"en": "values", "zh": "取值"},
    "smaa.p_joint": {"en": "P(joint)", "zh": "P(联合攻关)"},
    "smaa.p_government-led": {"en": "P(gov-led)", "zh": "P(政府主导)"},
    "smaa.p_market-led": {"en": "P(mkt-led)", "zh": "P(市场主导)"},
    "smaa.p_monitor": {"en": "P(monitor)", "zh": "P(跟踪培育)"},
    "smaa.rank_band": {"en": "Rank 5–95%", "zh": "排名 5–95%"},
    "smaa.band.topsis": {"en": "C mean (5–95%)", "zh": "C 均值 (5–95%)"},
    "smaa.band.vikor": {"en": "1−Q mean (5–95%)", "zh": "1−Q 均值 (5–95%)"},
    "smaa.stable": {"en": "Stable", "zh": "稳定"},
    "smaa.expected": {"en": "Expected tier sizes", "zh": "期望梯队规模"},
    "smaa.per_lens.topsis": {"en": "SMAA-2 per lens: materials that ever have the lens's highest closeness",
                             "zh": "各视角 SMAA-2：曾在该视角下贴近度最高的材料"},
    "smaa.per_lens.vikor": {"en": "SMAA-2 per lens: materials that ever have the lens's highest score 1 − Q",
                            "zh": "各视角 SMAA-2：曾在该视角下得分 1 − Q 最高的材料"},
    "smaa.lens": {"en": "Lens", "zh": "视角"},
    "smaa.p_first": {"en": "P(first)", "zh": "P(居首)"},
    "smaa.central_weights": {"en": "Central weights", "zh": "中心权重"},
    "smaa.confidence_factor": {"en": "Confidence factor", "zh": "置信因子"},
    "smaa.stability": {"en": "Weight stability", "zh": "权重稳定性"},
    "smaa.all_hold": {"en": "All tiers hold for w in", "zh": "各梯队均不变的 w 区间"},
    "smaa.first_below": {"en": "First to change below", "zh": "低于下限时首先变化"},
    "smaa.first_above": {"en": "First to change above", "zh": "高于上限时首先变化"},
    "summary.materials": {"en": "{n} materials", "zh": "{n} 种材料"},
    "summary.threshold": {"en": "{lens} ≥ {t:.3f}", "zh": "{lens} ≥ {t:.3f}"},
    "summary.lens.government": {"en": "government", "zh": "政府"},
    "summary.lens.market": {"en": "market", "zh": "市场"},
    "summary.split.fixed": {"en": "fixed", "zh": "固定"},
    "summary.split.median": {"en": "median", "zh": "中位数"},
    "summary.policy_mix": {"en": "policy mix α = {alpha:g}", "zh": "政策权衡 α = {alpha:g}"},
    "summary.instruments": {"en": "Policy instruments by tier:", "zh": "各梯队的政策工具："},
    "heading.tiers": {"en": "What the tiers mean", "zh": "梯队含义"},
    "heading.consistency": {"en": "Consistency", "zh": "一致性"},
    # lens meanings (panel workbooks)
    "lens.government.meaning": {
        "en": "supply security under great-power competition: what the state must secure, "
              "whether or not it pays",
        "zh": "大国竞争下的供应安全：无论是否盈利，国家都必须确保的方面"},
    "lens.market.meaning": {
        "en": "commercial opportunity under market competition: what firms can profitably substitute",
        "zh": "市场竞争下的商业机会：企业能够盈利地实现替代的方面"},
    # expert roles (the source's expert network: suppliers, users, stakeholders)
    "role.supplier": {"en": "Technology supplier", "zh": "技术供给方"},
    "role.user": {"en": "Technology user", "zh": "技术用户"},
    "role.stakeholder": {"en": "Stakeholder", "zh": "利益相关方"},
    # Saaty's scale, verbal meanings (Saaty 1980)
    "saaty.1": {"en": "equal importance", "zh": "同等重要"},
    "saaty.3": {"en": "moderate importance of the row criterion over the column criterion",
                "zh": "行准则比列准则稍微重要"},
    "saaty.5": {"en": "strong importance", "zh": "明显重要"},
    "saaty.7": {"en": "very strong importance", "zh": "强烈重要"},
    "saaty.9": {"en": "extreme importance", "zh": "极端重要"},
    "saaty.even": {"en": "between the two neighbouring judgments", "zh": "相邻判断的中间值"},
    "saaty.reciprocal": {"en": "the same degrees, with the column criterion the more important",
                         "zh": "程度同上，但列准则更重要"},
    # panel workbook: sheet names (both languages always: cell addresses in _meta name them)
    "panel.sheet.instructions": {"en": "Instructions", "zh": "填写说明"},
    "panel.sheet.expert": {"en": "Expert", "zh": "专家信息"},
    "panel.sheet.government": {"en": "Government", "zh": "政府视角"},
    "panel.sheet.market": {"en": "Market", "zh": "市场视角"},
    "panel.sheet.ratings": {"en": "Ratings", "zh": "材料评分"},
    # panel workbook: instructions sheet
    "panel.title": {"en": "Expert judgment workbook", "zh": "专家判断工作簿"},
    "panel.case": {"en": "Case", "zh": "案例"},
    "panel.intro": {
        "en": "This workbook collects your judgments for a panel that weights the criteria used to "
              "rank key strategic materials for domestic substitution. Each lens has its own "
              "weights: the government lens and the market lens.",
        "zh": "本工作簿收集您对各准则相对重要性的判断，供专家组为关键战略材料国产化替代的优先级排序赋权。"
              "政府视角和市场视角各有一套权重。"},
    "panel.howto.heading": {"en": "How to fill it in", "zh": "填写步骤"},
    "panel.howto.1": {
        "en": "On the sheet “{expert}”, enter your name and organisation and choose your role.",
        "zh": "在“{expert}”表中填写姓名、单位，并选择您的角色。"},
    "panel.howto.2": {
        "en": "On each lens sheet ({lenses}), every white cell above the diagonal asks: for this "
              "lens, how many times more important is the criterion of the ROW than the criterion "
              "of the COLUMN? Choose from the drop-down list: 9 … 2 mean the row criterion is more "
              "important, 1 equal, 1/2 … 1/9 the column criterion is more important. The cells "
              "below the diagonal show the reciprocals by themselves.",
        "zh": "在每个视角表（{lenses}）中，对角线上方的每个白色单元格都在问：在该视角下，行准则比列准则"
              "重要多少倍？请从下拉列表中选择：9 … 2 表示行准则更重要，1 表示同等重要，1/2 … 1/9 表示列准则"
              "更重要。对角线下方会自动显示倒数。"},
    "panel.howto.3": {
        "en": "If you cannot judge a pair, leave it blank: it is completed from your other "
              "judgments (Harker's method). The pairs you do judge must link every criterion to the "
              "others, directly or through a chain: at least {min_pairs} of the {pairs} pairs.",
        "zh": "无法判断的对比可以留空，系统会根据您的其他判断补全（Harker 方法）。但已填写的对比必须把"
              "所有准则直接或间接地联系起来：{pairs} 对中至少 {min_pairs} 对。"},
    "panel.howto.4": {
        "en": "Under the matrix the sheet computes your priorities and the consistency ratio CR "
              "as you type. CR measures how far your judgments contradict each other (A over B, B "
              "over C, yet C over A). Green: CR ≤ {threshold}, acceptable. Red: CR > {threshold}: "
              "the pairs to reconsider are marked orange and listed under the matrix, each with "
              "what your other judgments alone imply for it and the nearest scale value. A red "
              "cell cannot be used: choose its value from the drop-down. A lens whose CR stays red "
              "may be left out of the panel's weights.",
        "zh": "矩阵下方会随填写实时计算您的权重和一致性比率 CR。CR 衡量判断之间的矛盾程度（A 比 B 重要、"
              "B 比 C 重要，C 却又比 A 重要）。绿色：CR ≤ {threshold}，可以接受；红色：CR > {threshold}，"
              "需重新考虑的判断会标为橙色并列在矩阵下方，每一对都给出仅由您其他判断推出的比值和最接近的标度值。"
              "红色单元格无法使用：请从下拉列表中选择。CR 仍为红色的视角可能不计入专家组权重。"},
    "panel.howto.5": {
        "en": "On the sheet “{ratings}”, rate each material on each criterion whose value in the "
              "case is an estimate: 1 = the low end of the range shown for that criterion, 9 = the "
              "high end. Leave blank what you cannot judge.",
        "zh": "在“{ratings}”表中，对案例中为估计值的各材料准则评分：1 表示该准则处于所示范围的最低端，"
              "9 表示最高端。无法判断的可留空。"},
    "panel.howto.6": {
        "en": "Save the file as Excel Workbook (.xlsx) and send it back. Do not add, rename or "
              "delete sheets; .xlsm and .xls files are not accepted.",
        "zh": "以 Excel 工作簿（.xlsx）格式保存后发回。请勿增加、重命名或删除工作表；不接受 .xlsm 或 .xls 文件。"},
    "panel.lenses.heading": {"en": "The two lenses", "zh": "两个视角"},
    "panel.criteria.heading": {"en": "The criteria", "zh": "准则"},
    "panel.scale.heading": {"en": "Saaty's 1–9 scale", "zh": "Saaty 1–9 标度"},
    "panel.col.meaning": {"en": "Meaning", "zh": "含义"},
    "panel.col.value": {"en": "Value", "zh": "取值"},
    # panel workbook: expert sheet
    "panel.expert.title": {"en": "About you", "zh": "专家信息"},
    "panel.expert.name": {"en": "Name", "zh": "姓名"},
    "panel.expert.organisation": {"en": "Organisation", "zh": "单位"},
    "panel.expert.role": {"en": "Role", "zh": "角色"},
    "panel.expert.lenses": {"en": "Lenses to judge", "zh": "需判断的视角"},
    "panel.expert.note": {
        "en": "Your name and role are used only to account for your workbook in the panel's report.",
        "zh": "姓名和角色仅用于在专家组报告中登记您的工作簿。"},
    # panel workbook: pairwise sheets
    "panel.pairwise.title": {"en": "{lens}: pairwise comparison of the criteria",
                             "zh": "{lens}：准则两两比较"},
    "panel.pairwise.question": {
        "en": "White cells: for this lens, how many times more important is the ROW criterion than "
              "the COLUMN criterion? Choose from the drop-down (9 … 1 … 1/9); leave blank if you "
              "cannot judge.",
        "zh": "白色单元格：在该视角下，行准则比列准则重要多少倍？请从下拉列表选择（9 … 1 … 1/9）；"
              "无法判断可留空。"},
    "panel.summary.judgments": {"en": "Judgments given", "zh": "已填判断数"},
    "panel.summary.of_pairs": {"en": "of {pairs} pairs (at least {min_pairs}, linking all criteria)",
                               "zh": "共 {pairs} 对（至少 {min_pairs} 对，且须连通所有准则）"},
    "panel.summary.typed_as_text": {
        "en": "some judgments are typed as text and read as numbers: better choose them from the drop-down",
        "zh": "部分判断以文本形式输入，已按数值读取：建议从下拉列表中选择"},
    "panel.summary.lambda": {"en": "λmax", "zh": "最大特征值 λmax"},
    "panel.summary.ci": {"en": "Consistency index CI", "zh": "一致性指标 CI"},
    "panel.summary.ri": {"en": "Random index RI ({table}, n = {n})", "zh": "随机一致性指标 RI（{table}，n = {n}）"},
    "panel.summary.cr": {"en": "Consistency ratio CR", "zh": "一致性比率 CR"},
    "panel.summary.threshold": {"en": "Acceptable CR up to", "zh": "CR 可接受上限"},
    "panel.status.ok": {"en": "✓ pass: consistent", "zh": "✓ 通过：一致性可接受"},
    "panel.status.red": {"en": "✗ fail: too inconsistent", "zh": "✗ 未通过：一致性不足"},
    "panel.status.empty": {"en": "no judgments yet", "zh": "尚未填写"},
    "panel.worst.pair": {"en": "Pairs to reconsider (most inconsistent first)", "zh": "需重新考虑的判断（最不一致的在前）"},
    "panel.worst.now": {"en": "Yours now", "zh": "当前判断"},
    "panel.worst.implied": {"en": "Others imply", "zh": "其他判断推出"},
    "panel.worst.suggested": {"en": "Nearest value", "zh": "最接近标度值"},
    "panel.working": {
        "en": "Working (computed, do not edit): Harker's matrix B and its repeated squares B², B⁴, …; "
              "their row sums converge to the principal eigenvector",
        "zh": "计算过程（自动计算，请勿修改）：Harker 矩阵 B 及其逐次平方 B²、B⁴ …，其行和收敛于主特征向量"},
    "panel.working.connected": {"en": "connected", "zh": "是否连通"},
    "panel.working.read": {"en": "judgments read", "zh": "读取的判断值"},
    "panel.working.pairs": {
        "en": "Pairs: as typed, state (0 blank, 1 used, 2 unusable, 3 half), value, deviation max(a·w_b/w_a, "
              "w_a/(a·w_b)), its key and rank, positions, nearest scale value, unlinked, as text, choice, typed",
        "zh": "各对：输入值、状态（0 空，1 采用，2 无法使用，3 只填一半）、取值、偏离度 max(a·w_b/w_a, w_a/(a·w_b))、"
              "排序键与名次、位置、最接近的标度值、是否未连通、文本、选择、文本输入"},
    # panel workbook: ratings sheet
    "panel.ratings.title": {"en": "Ratings of estimated values", "zh": "估计值评分"},
    "panel.ratings.question": {
        "en": "Rate each material on the criterion: 1 = the low end of the range shown, 9 = the "
              "high end, for the criterion (the indicator may run the other way, as the 1 and 9 "
              "columns say). Leave blank if you cannot judge.",
        "zh": "请就该准则为各材料评分：1 表示准则处于所示范围的最低端，9 表示最高端（指标可能方向相反，"
              "见“1 表示”“9 表示”两列）。无法判断可留空。"},
    "panel.col.estimate": {"en": "Case estimate (range)", "zh": "案例估计值（范围）"},
    "panel.col.rating1": {"en": "1 means", "zh": "1 表示"},
    "panel.col.rating9": {"en": "9 means", "zh": "9 表示"},
    "panel.col.rating": {"en": "Your rating (1–9)", "zh": "您的评分（1–9）"},
    "panel.estimate_at": {"en": "the case's estimate ≈ rating {rating}", "zh": "案例估计值约相当于评分 {rating}"},
    # panel workbook: drop-down messages
    "panel.dv.judgment.error": {"en": "Choose a value from the list: 9 … 1 … 1/9.",
                                "zh": "请从列表中选择：9 … 1 … 1/9。"},
    "panel.dv.rating.error": {"en": "Choose a whole number from 1 to 9.", "zh": "请选择 1 到 9 的整数。"},
    "panel.dv.role.error": {"en": "Choose a role from the list.", "zh": "请从列表中选择角色。"},
    # panel collection report
    "heading.panel": {"en": "Panel", "zh": "专家组"},
    "heading.experts": {"en": "Experts", "zh": "专家"},
    "heading.revise": {"en": "Judgments to revise", "zh": "建议修改的判断"},
    "heading.notes": {"en": "Notes", "zh": "说明"},
    "heading.ratings": {"en": "Panel ratings of estimates", "zh": "专家组对估计值的评分"},
    "col.file": {"en": "File", "zh": "文件"},
    "col.name": {"en": "Name", "zh": "姓名"},
    "col.organisation": {"en": "Organisation", "zh": "单位"},
    "col.role": {"en": "Role", "zh": "角色"},
    "col.status": {"en": "Status", "zh": "状态"},
    "col.reason": {"en": "Reason", "zh": "原因"},
    "col.lens": {"en": "Lens", "zh": "视角"},
    "col.cr": {"en": "CR", "zh": "CR"},
    "col.gci": {"en": "GCI", "zh": "GCI"},
    "col.consensus": {"en": "Consensus S*", "zh": "共识度 S*"},
    "col.experts_used": {"en": "Experts used", "zh": "采用专家数"},
    "col.judgment": {"en": "Judgment", "zh": "判断"},
    "col.implied": {"en": "Implied", "zh": "隐含比值"},
    "col.suggested": {"en": "Suggested", "zh": "建议值"},
    "col.indicator": {"en": "Indicator", "zh": "指标"},
    "col.value": {"en": "Value", "zh": "取值"},
    "col.low": {"en": "Low", "zh": "下限"},
    "col.high": {"en": "High", "zh": "上限"},
    "col.count": {"en": "Count", "zh": "数量"},
    "panel.head": {
        "en": "{panel} ({case}): {files} — {used} used, {excluded} excluded, {rejected} rejected ({aggregate}, "
              "CR threshold {threshold:.2f}, {ri}, --on-inconsistent {on})",
        "zh": "{panel}（{case}）：{files} — 采用 {used}，排除 {excluded}，拒收 {rejected}（{aggregate}，"
              "CR 阈值 {threshold:.2f}，{ri}，--on-inconsistent {on}）"},
    "panel.lens_line": {"en": "{lens}: {experts} used; CR {cr:.3f} ({cr_of}); consensus S* {s:.3f} ({band})",
                        "zh": "{lens}：采用 {experts}；CR {cr:.3f}（{cr_of}）；共识度 S* {s:.3f}（{band}）"},
    "panel.no_weights": {"en": "{lens}: no used expert, so no weights", "zh": "{lens}：没有采用的专家，因此没有权重"},
    "panel.revise_line": {
        "en": "  {file}, {lens} (CR {cr:.3f}): {a} vs {b} is {value}; the other judgments alone imply {implied:.3g}: "
              "use {suggested}",
        "zh": "  {file}，{lens}（CR {cr:.3f}）：{a} 对 {b} 为 {value}；仅由其他判断推出 {implied:.3g}：建议改为 {suggested}"},
    "panel.ratings_line": {
        "en": "{heading}: {estimates} of {materials}, used in place of the case's when the weights file is passed "
              "to `matrank rank`",
        "zh": "{heading}：{materials}的 {estimates}，将权重文件传给 `matrank rank` 时替代案例中的估计值"},
    "count.file.one": {"en": "{n} file", "zh": "{n} 个文件"},
    "count.file.many": {"en": "{n} files", "zh": "{n} 个文件"},
    "count.workbook.one": {"en": "{n} workbook", "zh": "{n} 份工作簿"},
    "count.judgment.one": {"en": "{n} judgment", "zh": "{n} 个判断"},
    "count.judgment.many": {"en": "{n} judgments", "zh": "{n} 个判断"},
    "count.workbook.many": {"en": "{n} workbooks", "zh": "{n} 份工作簿"},
    "count.expert.one": {"en": "{n} expert", "zh": "{n} 位专家"},
    "count.expert.many": {"en": "{n} experts", "zh": "{n} 位专家"},
    "count.estimate.one": {"en": "{n} estimate", "zh": "{n} 个估计值"},
    "count.estimate.many": {"en": "{n} estimates", "zh": "{n} 个估计值"},
    "count.material.one": {"en": "{n} material", "zh": "{n} 种材料"},
    "count.material.many": {"en": "{n} materials", "zh": "{n} 种材料"},
    # panel collect -o results.xlsx
    "panel.results.sheet.summary": {"en": "summary", "zh": "汇总"},
    "panel.results.sheet.experts": {"en": "experts", "zh": "专家"},
    "panel.results.sheet.revise": {"en": "revise", "zh": "建议修改"},
    "panel.results.sheet.ratings": {"en": "ratings", "zh": "评分"},
    # matrank panel collect --previous: the rounds and the convergence over them
    "conv.heading": {"en": "Convergence, {lens} lens (rounds {rounds})", "zh": "收敛情况：{lens}视角（第 {rounds} 轮）"},
    "conv.round": {"en": "round", "zh": "轮次"},
    "conv.round_n": {"en": "round {n}", "zh": "第 {n} 轮"},
    "conv.experts": {"en": "experts used", "zh": "采用的专家数"},
    "conv.s_star": {"en": "consensus S*", "zh": "共识度 S*"},
    "conv.kendall_w": {"en": "Kendall's W", "zh": "肯德尔和谐系数 W"},
    "conv.weight": {"en": "weight: {criterion}", "zh": "权重：{criterion}"},
    "conv.pair": {"en": "{a} vs {b}", "zh": "{a} 对 {b}"},
    "conv.pairs": {"en": "Spread of the judgments (interquartile range of ln judgment; 0 = all agree, "
                         "ln 3 ≈ 1.10 = a factor of 3):",
                   "zh": "判断的离散程度（ln 判断值的四分位距；0 = 完全一致，ln 3 ≈ 1.10 = 相差 3 倍）："},
    "conv.change": {"en": "Largest weight change, round {a} → {b}: {value:.3f}",
                    "zh": "权重最大变化（第 {a} 轮 → 第 {b} 轮）：{value:.3f}"},
    "conv.change.none": {"en": "Largest weight change: none to compute (the last two rounds need panel weights)",
                         "zh": "权重最大变化：无法计算（最后两轮都须有专家组权重）"},
    "conv.stop.consensus": {"en": "Stop hint: stop; consensus S* {s:.3f} ≥ {limit:.2f}",
                            "zh": "建议：可以停止；共识度 S* {s:.3f} ≥ {limit:.2f}"},
    "conv.stop.stable": {"en": "Stop hint: stop; no weight moved more than {limit:.2f} (largest {change:.3f})",
                         "zh": "建议：可以停止；各权重变化均不超过 {limit:.2f}（最大 {change:.3f}）"},
    "conv.stop.continue": {"en": "Stop hint: run another round; S* {s:.3f} < {s_limit:.2f} and a weight moved "
                                 "{change:.3f} > {w_limit:.2f}",
                           "zh": "建议：再进行一轮；共识度 S* {s:.3f} < {s_limit:.2f}，且有权重变化 {change:.3f} > "
                                 "{w_limit:.2f}"},
    "conv.stop.undecided": {"en": "Stop hint: undecided; it needs S* in the last round and panel weights in the "
                                  "last two (stop at S* ≥ {s_limit:.2f} or no weight change above {w_limit:.2f})",
                            "zh": "建议：暂无法判断；需要最后一轮的共识度和最后两轮的专家组权重（S* ≥ {s_limit:.2f} "
                                  "或各权重变化均不超过 {w_limit:.2f} 时可停止）"},
    "conv.rounds.heading": {"en": "Rounds (every workbook of every round):", "zh": "各轮（每一轮的每一份工作簿）："},
    "conv.round_line": {"en": "Round {n} ({paths}): {files}: {used} used, {excluded} excluded, {rejected} rejected",
                        "zh": "第 {n} 轮（{paths}）：{files}：采用 {used}，排除 {excluded}，拒收 {rejected}"},
    "conv.link.first": {"en": "first round given", "zh": "首轮（所给各轮中最早的一轮）"},
    "conv.link.linked": {"en": "linked to {file} (round {round})", "zh": "对应第 {round} 轮的 {file}"},
    "conv.link.new": {"en": "new: no earlier workbook has this id; used in this round's aggregate, nothing to "
                            "compare", "zh": "新加入：此前各轮没有该编号的工作簿；计入本轮集结，无可比较"},
    "conv.link.unidentified": {"en": "unreadable, so no expert id: not linked", "zh": "无法读取，没有专家编号：未关联"},
    "conv.changes": {"en": "{n} changed: {pairs}", "zh": "改变了 {n}：{pairs}"},
    "conv.changes.none": {"en": "no judgment changed", "zh": "判断均未改变"},
    "conv.missing": {"en": "  no workbook in this round from: {ids}", "zh": "  本轮未收到以下专家的工作簿：{ids}"},
    "conv.blank": {"en": "blank", "zh": "空白"},
    "conv.unusable": {"en": "{found} (not usable)", "zh": "{found}（无法使用）"},
    "conv.sheet": {"en": "convergence", "zh": "收敛"},
    "conv.rounds.sheet": {"en": "rounds", "zh": "各轮"},
    "conv.chart.title": {"en": "{lens}: consensus S* and weights by round", "zh": "{lens}：各轮共识度 S* 与权重"},
    "conv.chart.value": {"en": "S*, weight", "zh": "S*、权重"},
    "conv.stop": {"en": "stop hint", "zh": "停止建议"},
    "conv.col.expert_id": {"en": "expert id", "zh": "专家编号"},
    "conv.col.link": {"en": "link", "zh": "关联"},
    "conv.col.changes": {"en": "judgments changed", "zh": "改变的判断"},
    "panel.results.files": {"en": "files", "zh": "文件数"},
    "panel.results.aggregate": {"en": "aggregate", "zh": "集结方法"},
    "panel.results.cr_threshold": {"en": "CR threshold", "zh": "CR 阈值"},
    "panel.results.ri_table": {"en": "RI table", "zh": "RI 表"},
    "panel.results.on_inconsistent": {"en": "on inconsistent", "zh": "不一致时"},
    "panel.results.cr_of": {"en": "CR of", "zh": "CR 来源"},
    "panel.results.band": {"en": "band", "zh": "等级"},
    "panel.results.file": {"en": "file", "zh": "文件"},
    "panel.results.name": {"en": "name", "zh": "姓名"},
    "panel.results.organisation": {"en": "organisation", "zh": "单位"},
    "panel.results.role": {"en": "role", "zh": "角色"},
    "panel.results.status": {"en": "status", "zh": "状态"},
    "panel.results.reason": {"en": "reason", "zh": "原因"},
    "panel.results.notes": {"en": "notes", "zh": "说明"},
    "panel.results.sha256": {"en": "sha256", "zh": "sha256"},
    "panel.results.cr": {"en": "CR", "zh": "CR"},
    "panel.results.gci": {"en": "GCI", "zh": "GCI"},
    "panel.results.lens": {"en": "lens", "zh": "视角"},
    "panel.results.a": {"en": "a", "zh": "a"},
    "panel.results.b": {"en": "b", "zh": "b"},
    "panel.results.judgment": {"en": "judgment", "zh": "判断"},
    "panel.results.implied": {"en": "implied", "zh": "隐含比值"},
    "panel.results.suggested": {"en": "suggested", "zh": "建议值"},
    "panel.results.material": {"en": "material", "zh": "材料"},
    "panel.results.criterion": {"en": "criterion", "zh": "准则"},
    "panel.results.indicator": {"en": "indicator", "zh": "指标"},
    "panel.results.rating": {"en": "rating", "zh": "评分"},
    "panel.results.value": {"en": "value", "zh": "取值"},
    "panel.results.low": {"en": "low", "zh": "下限"},
    "panel.results.high": {"en": "high", "zh": "上限"},
    "panel.results.experts": {"en": "experts", "zh": "专家数"},
    # ---- matrank trade (issue 14): entries for the trade commands go here ----
    "indicator.partner_risk_concentration": {"en": "Partner-risk-weighted concentration",
                                             "zh": "风险加权进口来源集中度"},
    "trade.title.indicators": {
        "en": "{layout} trade of {reporter}, {span}: imports and exports by {basis}, values by {rule}; source {source}",
        "zh": "{reporter} 的 {layout} 贸易记录（{span}）：进出口按{basis}计，取值为{rule}；来源 {source}"},
    "trade.title.summary": {
        "en": "Import partners of {reporter}: {layout} {span}, shares by {basis}; the top {top} per year",
        "zh": "{reporter} 的进口来源：{layout} {span}，份额按{basis}计；每年前 {top} 位"},
    "trade.basis.value": {"en": "value (USD)", "zh": "金额（美元）"},
    "trade.basis.quantity": {"en": "quantity (t)", "zh": "数量（吨）"},
    "trade.rule.latest": {"en": "the latest year", "zh": "最近年份的值"},
    "trade.rule.mean": {"en": "the mean over the years", "zh": "各年平均值"},
    "trade.layout.baci": {"en": "CEPII BACI", "zh": "CEPII BACI"},
    "trade.layout.comtrade": {"en": "UN Comtrade", "zh": "联合国 Comtrade"},
    "trade.col.codes": {"en": "HS codes", "zh": "HS 编码"},
    "trade.col.years": {"en": "Years", "zh": "年份"},
    "trade.col.year": {"en": "Year", "zh": "年份"},
    "trade.col.imports": {"en": "Imports", "zh": "进口"},
    "trade.col.exports": {"en": "Exports", "zh": "出口"},
    "trade.col.unit": {"en": "Unit", "zh": "单位"},
    "trade.col.hhi": {"en": "HHI", "zh": "HHI"},
    "trade.col.top_partner": {"en": "Top partner", "zh": "第一来源"},
    "trade.col.top_share": {"en": "Top share", "zh": "第一来源占比"},
    "trade.col.risk": {"en": "Risk-weighted", "zh": "风险加权集中度"},
    "trade.col.uses": {"en": "Import dependence", "zh": "进口依赖度"},
    "trade.col.imports_usd": {"en": "Imports (USD)", "zh": "进口额（美元）"},
    "trade.col.partner": {"en": "#{n}", "zh": "第{n}位"},
    "trade.uses.reliance": {"en": "import reliance {ir:.4f}", "zh": "进口依存度 {ir:.4f}"},
    "trade.uses.concentration": {"en": "concentration only", "zh": "仅集中度"},
    "trade.uses.none": {"en": "nothing written", "zh": "未写入"},
    "trade.footnote.approximate": {"en": "* approximation: the HS code is broader than the material (hs_note)",
                                   "zh": "* 近似值：HS 编码的范围大于该材料（hs_note）"},
    "trade.count.reliance": {"en": "Import reliance ({n}): {ids}", "zh": "进口依存度（{n}）：{ids}"},
    "trade.count.concentration": {"en": "Concentration only ({n}): {ids}", "zh": "仅集中度（{n}）：{ids}"},
    "trade.count.none": {"en": "Nothing written ({n}): {ids}", "zh": "未写入（{n}）：{ids}"},
    "trade.count.unchanged": {"en": "Without hs_codes, unchanged: {n} materials", "zh": "无 hs_codes、未改动的材料：{n} 种"},
    "trade.material.heading": {"en": "{id}: HS {codes}", "zh": "{id}：HS {codes}"},
    "trade.material.approximate": {"en": " (approximation: the code is broader than the material)",
                                   "zh": "（近似值：编码的范围大于该材料）"},
    "trade.material.no_imports": {"en": "no imports in the records", "zh": "记录中没有进口"},
    # ---- the quadrant chart (issue 11): entries for the chart go here ----
    "chart.title": {"en": "{title} — government lens vs market lens", "zh": "{title}：政府视角与市场视角"},
    "chart.axis": {"en": "{lens} — {score}", "zh": "{lens}（{score}）"},
    "chart.caption.basis": {"en": "{lens}, basis of the weights: {basis}", "zh": "{lens}权重依据：{basis}"},
    "chart.caption.thresholds": {"en": "Tier thresholds: {government}, {market} ({split} split)",
                                 "zh": "梯队阈值：{government}，{market}（{split}划分）"},
    "chart.caption.method": {"en": "Ranking: {score} on each lens; overall rank by {mix}",
                             "zh": "排序方法：各视角的{score}；总排名按{mix}"},
    "chart.caption.date": {"en": "Case date: {date}", "zh": "案例日期：{date}"},
    # ---- matrank compare (issue 12): entries for the compare report go here ----
    "compare.title": {"en": "Comparing A = {a} (case {case_a}, {ranking_a}) with B = {b} (case {case_b}, {ranking_b})",
                      "zh": "比较 A = {a}（案例 {case_a}，{ranking_a}）与 B = {b}（案例 {case_b}，{ranking_b}）"},
    "compare.shared.one": {"en": "{n} material in both", "zh": "两者共有 {n} 种材料"},
    "compare.shared.many": {"en": "{n} materials in both", "zh": "两者共有 {n} 种材料"},
    "compare.same": {"en": "No difference: A and B agree on every weight, setting, score and rank ({materials})",
                     "zh": "无差异：A 与 B 的每项权重、设置、得分与排名均相同（{materials}）"},
    "compare.note.cases": {
        "en": "A and B rank different cases: only the materials in both are compared, each rank within its own case",
        "zh": "A 与 B 为不同案例：仅比较两者共有的材料，排名各按本案例计"},
    "compare.note.rankings": {
        "en": "A and B use different ranking methods: their scores and contributions are on different scales",
        "zh": "A 与 B 的排序方法不同：两者的得分与贡献不在同一尺度上"},
    "compare.heading.settings": {"en": "Settings that differ", "zh": "不同的设置"},
    "compare.col.setting": {"en": "Setting", "zh": "设置"},
    "compare.setting.ranking": {"en": "Ranking method", "zh": "排序方法"},
    "compare.setting.normalization": {"en": "Normalization", "zh": "规范化方法"},
    "compare.setting.policy_mix": {"en": "Policy mix α", "zh": "政策权衡 α"},
    "compare.setting.split": {"en": "Tier split", "zh": "梯队划分方式"},
    "compare.setting.threshold_government": {"en": "Government threshold", "zh": "政府视角阈值"},
    "compare.setting.threshold_market": {"en": "Market threshold", "zh": "市场视角阈值"},
    "compare.normalization.vector": {"en": "vector", "zh": "向量规范化"},
    "compare.normalization.minmax": {"en": "min–max", "zh": "极差规范化"},
    "compare.normalization.range": {"en": "criterion range", "zh": "准则值域"},
    "compare.weights.same": {"en": "Criterion weights: the same in A and B", "zh": "准则权重：A 与 B 相同"},
    "compare.heading.tier_changes": {"en": "Tier changes: {n}", "zh": "梯队变化：{n} 种材料"},
    "compare.none.tier_changes": {"en": "No material changed tier", "zh": "没有材料改变梯队"},
    "compare.col.rank_a": {"en": "Rank A", "zh": "排名 A"},
    "compare.col.rank_b": {"en": "Rank B", "zh": "排名 B"},
    "compare.col.tier_a": {"en": "Tier A", "zh": "梯队 A"},
    "compare.col.tier_b": {"en": "Tier B", "zh": "梯队 B"},
    "compare.heading.drivers": {
        "en": "What moved them: the largest changes of a criterion's weighted contribution through a lens (B − A)",
        "zh": "变化来源：各准则在各视角下加权贡献的最大变化（B − A）"},
    "compare.col.delta": {"en": "Δ contribution", "zh": "贡献变化"},
    "compare.none.drivers": {"en": "{id}: no criterion's contribution changed", "zh": "{id}：各准则的贡献均无变化"},
    "compare.heading.rank_moves": {"en": "Overall rank moved by {n} or more: {count}",
                                   "zh": "总排名变动 {n} 位及以上：{count} 种材料"},
    "compare.none.rank_moves": {"en": "No overall rank moved by {n} or more", "zh": "没有材料的总排名变动达到 {n} 位"},
    "compare.col.move": {"en": "Move", "zh": "变动"},
    "compare.move.up": {"en": "up {n}", "zh": "上升 {n}"},
    "compare.move.down": {"en": "down {n}", "zh": "下降 {n}"},
    "compare.heading.only_a": {"en": "Only in A: {n}", "zh": "仅在 A 中：{n} 种材料"},
    "compare.heading.only_b": {"en": "Only in B: {n}", "zh": "仅在 B 中：{n} 种材料"},
    "status.used": {"en": "used", "zh": "采用"},
    "status.excluded": {"en": "excluded", "zh": "排除"},
    "status.rejected": {"en": "rejected", "zh": "拒收"},
    # ---- caveats that travel with every output, and print layout (issues 11 and 12) ----
    "caveat.heading": {"en": "Read with care", "zh": "阅读须知"},
    "caveat.basis": {"en": "{lens} weights: {kind}", "zh": "{lens}权重：{kind}"},
    "caveat.basis.quoted": {"en": " (“{basis}”)", "zh": "（“{basis}”）"},
    "caveat.basis.panel": {"en": "a panel of {n} experts", "zh": "{n} 位专家组成的专家组"},
    "caveat.basis.illustrative": {"en": "illustrative, not an expert panel's", "zh": "示意性，并非专家组评定"},
    "caveat.basis.weights_file": {"en": "from a weights file", "zh": "来自权重文件"},
    "caveat.basis.explicit": {"en": "explicit weights", "zh": "直接给定的权重"},
    "caveat.basis.judgments": {"en": "the case's AHP judgments", "zh": "案例中的 AHP 判断"},
    "caveat.inconsistent": {
        "en": "{lens}: CR {cr:.3f} exceeds {threshold:.2f}; the judgments contradict each other",
        "zh": "{lens}：CR {cr:.3f} 超过 {threshold:.2f}，判断相互矛盾"},
    "caveat.completed": {"en": "{lens}: {n} missing judgment(s) completed by Harker's method: {pairs}",
                         "zh": "{lens}：{n} 个缺失判断由 Harker 方法补全：{pairs}"},
    "caveat.list_separator": {"en": "; ", "zh": "；"},
    "caveat.borderline": {
        "en": "{n} tiers are borderline ({mark}: P(tier) < {limit:.2f} over {samples:,} samples); treat them as open",
        "zh": "{n} 个梯队处于边界（{mark}：{samples:,} 次抽样中梯队概率 < {limit:.2f}），应视为未定"},
    "col.note": {"en": "Note", "zh": "说明"},
    "direction.short.benefit": {"en": "benefit", "zh": "效益型"},
    "direction.short.cost": {"en": "cost", "zh": "成本型"},
    "unit.fraction": {"en": "fraction", "zh": "比例（0–1）"},
    "unit.years": {"en": "years", "zh": "年"},
    "unit.rating 1–9 or market size": {"en": "rating 1–9 or market size", "zh": "评分 1–9 或市场规模"},
    "criterion.import_dependence.formula": {
        "en": "s + k·s·(1 − s), s = 1 − domestic_rate, k = partner_risk_concentration, else supplier_concentration, else 0 (optional: partner_risk_concentration, supplier_concentration) | or | s + k·s·(1 − s), s = clip((imports − exports) / (production + imports − exports), 0, 1), k as above (optional: partner_risk_concentration, supplier_concentration)", "zh": "s + k·s·(1 − s)，s = 1 − 国产化率，k = 风险加权进口来源集中度，否则进口来源集中度（HHI），"
                        "否则 0 | 或 | s + k·s·(1 − s)，s = (进口量 − 出口量) / (国内产量 + 进口量 − 出口量) 截断到 [0, 1]，"
                        "k 同上"},
    "criterion.patent_control.formula": {"en": "foreign_core_patent_share (optional: top3_holder_share)", "zh": "国外核心专利占比（可选：前三权利人专利占比）"},
    "criterion.validation_cycle.formula": {"en": "validation_years", "zh": "验证周期（年）"},
    "criterion.market_pull.formula": {"en": "market_pull_rating | or | market_size × (1 + market_growth)^5", "zh": "市场拉动评分（1–9） | 或 | 市场规模 × (1 + 市场年增长率)^5"},
    "smaa.model.dirichlet": {"en": "dirichlet (C = {c:g})", "zh": "狄利克雷分布（C = {c:g}）"},
    "smaa.model.panel": {"en": "panel ({n} experts' priority vectors, resampled)",
                         "zh": "专家组（{n} 位专家的优先级向量，重抽样）"},
    "smaa.model.uniform": {"en": "uniform", "zh": "均匀分布"},
    "smaa.model.fixed": {"en": "fixed", "zh": "固定"},
    "smaa.values.ranges": {"en": "ranges ({n} indicators drawn triangular(low, value, high))",
                           "zh": "区间（{n} 个指标按三角分布（下限、取值、上限）抽样）"},
    "smaa.values.fixed": {"en": "fixed (the case's point values)", "zh": "固定（案例中的点值）"},
    "smaa.per_sample_medians": {"en": ", per-sample medians", "zh": "，逐次抽样的中位数"},
    "smaa.wide_hint": {"en": "(--wide adds P(tier) for each of the four tiers)",
                       "zh": "（加 --wide 显示四个梯队各自的概率）"},
    "smaa.stable_line": {"en": "Stable (P(tier) ≥ {p:g}): {n} of {of}", "zh": "稳定（梯队概率 ≥ {p:g}）：{of} 种中 {n} 种"},
    "smaa.expected_tier": {"en": "{tier} {expected:.1f} (now {now})", "zh": "{tier} {expected:.1f}（当前 {now}）"},
    "smaa.cf.ranges": {"en": "confidence factor over the first {n:,} value samples",
                       "zh": "置信因子基于前 {n:,} 次取值抽样"},
    "smaa.cf.fixed": {"en": "confidence factor with the fixed values (0 or 1)", "zh": "取值固定时的置信因子（0 或 1）"},
    "smaa.more_below": {"en": "{n} more below P(first) {p:g} in --format json or xlsx",
                        "zh": "另有 {n} 种居首概率低于 {p:g}，见 --format json 或 xlsx"},
    "smaa.per_lens.heading": {"en": "{title} (central weights in the order {criteria}; {cf}):",
                              "zh": "{title}（中心权重依次为 {criteria}；{cf}）："},
    "smaa.stability.heading": {
        "en": "{title} (one at a time, the other weights rescaled proportionally, case point values; "
              "per-material intervals in --format json or xlsx):",
        "zh": "{title}（逐一变动一个权重，其余权重按比例缩放，取案例点值；各材料的区间见 --format json 或 xlsx）："},
    "smaa.footnote": {
        "en": "Probabilities are shares of samples (±{err:.3f} at 95 % at most); closeness bands are the 5 % and "
              "95 % points (resolution {resolution:g}).",
        "zh": "概率为抽样中的比例（95% 置信水平下误差至多 ±{err:.3f}）；贴近度区间为 5% 与 95% 分位点（分辨率 {resolution:g}）。"},
    "summary.explicit_weights": {"en": "explicit weights", "zh": "直接给定的权重"},
    "col.direction": {"en": "Direction", "zh": "方向"},
    "col.label": {"en": "Label", "zh": "名称"},
    "col.meaning": {"en": "Meaning", "zh": "含义"},
    "col.instruments": {"en": "Policy instruments", "zh": "政策工具"},
    "col.key": {"en": "Item", "zh": "项目"},
    "sheet.ranking": {"en": "ranking", "zh": "排序"},
    "sheet.weights": {"en": "weights", "zh": "权重"},
    "sheet.tiers": {"en": "tiers", "zh": "梯队"},
    "sheet.provenance": {"en": "provenance", "zh": "来源与参数"},
    "sheet.summary": {"en": "summary", "zh": "摘要"},
    "sheet.rank_acceptability": {"en": "rank_acceptability", "zh": "排名可接受度"},
    "sheet.central_weights": {"en": "central_weights", "zh": "中心权重"},
    "sheet.stability": {"en": "stability", "zh": "权重稳定性"},
    "xlsx.created": {"en": "Created", "zh": "生成时间"},
    "xlsx.case": {"en": "Case {id}, dated {date}", "zh": "案例 {id}，日期 {date}"},
    "xlsx.page": {"en": "Page &P of &N", "zh": "第 &P 页，共 &N 页"},
    "word.yes": {"en": "yes", "zh": "是"},
    "word.no": {"en": "no", "zh": "否"},
    "prov.engine": {"en": "Engine", "zh": "引擎"},
    "prov.case_file": {"en": "Case file", "zh": "案例文件"},
    "prov.case_hash": {"en": "Case hash", "zh": "案例哈希"},
    "prov.weights_file": {"en": "Weights file", "zh": "权重文件"},
    "prov.weights_hash": {"en": "Weights hash", "zh": "权重哈希"},
    "prov.ahp_method": {"en": "AHP method", "zh": "AHP 方法"},
    "prov.ri_table": {"en": "RI table", "zh": "RI 表"},
    "prov.cr_threshold": {"en": "CR threshold", "zh": "CR 阈值"},
    "prov.ranking": {"en": "Ranking method", "zh": "排序方法"},
    "prov.normalization": {"en": "Normalisation", "zh": "规范化"},
    "prov.tie_policy": {"en": "Ties", "zh": "并列处理"},
    "prov.policy_mix": {"en": "Policy mix α", "zh": "政策权衡 α"},
    "prov.split": {"en": "Tier split", "zh": "梯队划分"},
    "prov.confidence_samples": {"en": "Samples for P(tier)", "zh": "梯队概率抽样数"},
    "prov.any_scale": {"en": "Judgments off Saaty's scale accepted", "zh": "接受萨蒂标度以外的判断"},
    "value.eigen": {"en": "eigenvector", "zh": "特征向量法"},
    "value.geometric": {"en": "geometric mean", "zh": "几何平均法"},
    "value.vector": {"en": "vector", "zh": "向量规范化"},
    "value.minmax": {"en": "min–max", "zh": "极差规范化"},
    "value.range": {"en": "each criterion's range", "zh": "各准则的极差"},
    "value.fixed": {"en": "fixed", "zh": "固定"},
    "value.median": {"en": "median", "zh": "中位数"},
    "value.tie_policy": {"en": "scores within 2^-40 (≈ 1e-12) are tied and keep case order",
                         "zh": "得分相差不超过 2^-40（约 1e-12）视为并列，按案例顺序排列"},
    # ---- the decision brief, matrank report (issue 12): entries for the brief go here ----
    "brief.title": {"en": "Decision brief: {title}", "zh": "决策简报：{title}"},
    "brief.meta": {"en": "Case {id} · {n} materials · {date}", "zh": "案例 {id} · {n} 种材料 · {date}"},
    "brief.colon": {"en": ": ", "zh": "："},
    "brief.sep": {"en": "; ", "zh": "；"},
    "brief.list_sep": {"en": "; ", "zh": "；"},
    "brief.and": {"en": " and ", "zh": "和"},
    "brief.none": {"en": "none", "zh": "无"},
    "brief.who": {"en": "Who weighted:", "zh": "权重由谁确定："},
    "brief.who.both": {"en": "both lenses: {what}", "zh": "两个视角：{what}"},
    "brief.who.panel": {
        "en": "expert panel, {used} used, {excluded} excluded, {rejected} rejected; consensus S* {s:.3f} ({band})",
        "zh": "专家组，采用 {used} 位、排除 {excluded} 位、拒收 {rejected} 位；共识度 S* {s:.3f}（{band}）"},
    "brief.who.panel_file": {"en": "expert panel of {n} (weights file; --panel adds the accounting)",
                             "zh": "{n} 位专家组成的专家组（权重文件；加 --panel 可列出专家核算）"},
    "brief.who.file": {"en": "a weights file that is not a panel's: illustrative",
                       "zh": "非专家组的权重文件：示意性权重"},
    "brief.who.illustrative": {"en": "illustrative, the case's own weights, not an expert panel's",
                               "zh": "示意性权重，案例自带，并非专家组评定"},
    "brief.band.very_low": {"en": "very low", "zh": "很低"},
    "brief.band.low": {"en": "low", "zh": "低"},
    "brief.band.moderate": {"en": "moderate", "zh": "中等"},
    "brief.band.high": {"en": "high", "zh": "高"},
    "brief.band.very_high": {"en": "very high", "zh": "很高"},
    "brief.tiers.col.tier": {"en": "Tier (count)", "zh": "梯队（数量）"},
    "brief.tiers.col.materials": {"en": "Materials in rank order, each with P(tier); the tier's policy instruments",
                                  "zh": "材料（按总排名），附梯队概率；该梯队的政策工具"},
    "brief.instruments": {"en": "Instruments: ", "zh": "政策工具："},
    "brief.legend": {
        "en": "P(tier): the share of {samples} SMAA samples that place the material in this tier (±{err:.2f}). "
              "{mark} borderline, P(tier) < {limit:.2f}: see “What would change this”.",
        "zh": "梯队概率：{samples} 次 SMAA 抽样中将该材料归入此梯队的比例（±{err:.2f}）。"
              "{mark} 边界材料，梯队概率 < {limit:.2f}：见“什么会改变结论”。"},
    "brief.caveat.heading": {"en": "Read with care:", "zh": "阅读须知："},
    "brief.caveat.illustrative": {
        "en": "the weights of the {lenses} are illustrative, not an expert panel's: the tiers show the method, "
              "not a decision.",
        "zh": "{lenses}的权重为示意性，并非专家组评定：梯队仅演示方法，不构成决策。"},
    "brief.caveat.inconsistent": {
        "en": "{lens}: CR {cr:.3f} exceeds {threshold:.2f}, the judgments contradict each other; revise them "
              "before relying on the tiers.",
        "zh": "{lens}：CR {cr:.3f} 超过 {threshold:.2f}，判断相互矛盾；请先修改判断再依据梯队决策。"},
    "brief.caveat.estimates": {
        "en": "{estimated} of the {values} input values are estimates (ranges and bases under Evidence); "
              "{quoted} are quoted from sources.",
        "zh": "{values} 个输入值中有 {estimated} 个为估计值（范围与依据见“证据”），{quoted} 个引自来源原文。"},
    "brief.caveat.borderline": {
        "en": "{n} materials are borderline (P(tier) < {limit:.2f}): treat their tiers as open.",
        "zh": "{n} 种材料处于边界（梯队概率 < {limit:.2f}）：其梯队应视为未定。"},
    "brief.caveat.weights_only": {
        "en": "every value in the case is a fixed point: the sensitivity covers the weights only, not the values.",
        "zh": "案例中的取值均为固定值：敏感性分析仅覆盖权重，不覆盖取值。"},
    "brief.caveat.values_fixed": {
        "en": "the values were held at their points (--values fixed): the sensitivity covers the weights only.",
        "zh": "取值固定为点值（--values fixed）：敏感性分析仅覆盖权重。"},
    "brief.caveat.warnings": {"en": "the ranking gave {n} warnings (under Method and provenance).",
                              "zh": "排序给出 {n} 条警告（见“方法与来源”）。"},
    "brief.whatif.heading": {"en": "What would change this", "zh": "什么会改变结论"},
    "brief.whatif.intro": {
        "en": "For each borderline material (P(tier) < {limit:.2f}): by weight, the nearest weight at which its "
              "tier changes (one criterion's weight moved, the lens's other weights rescaled in proportion, the "
              "values at their points); by value, the estimated input whose range moves it most (that input at "
              "one end of its range, everything else as it is).",
        "zh": "对每种边界材料（梯队概率 < {limit:.2f}）：按权重，给出使其梯队改变的最近权重（只调整一个准则的"
              "权重，该视角其余权重按比例缩放，取值保持点值）；按取值，给出其范围对该材料影响最大的估计输入"
              "（该输入取范围的一端，其余不变）。"},
    "brief.whatif.none": {"en": "No material is borderline: every P(tier) is at least {limit:.2f}.",
                          "zh": "没有边界材料：所有梯队概率均不低于 {limit:.2f}。"},
    "brief.whatif.col.tier": {"en": "Tier, P(tier)", "zh": "梯队，梯队概率"},
    "brief.whatif.col.weight": {"en": "Nearest change by weight", "zh": "按权重的最近变化"},
    "brief.whatif.col.value": {"en": "The estimate that moves it most", "zh": "影响最大的估计值"},
    "brief.whatif.weight": {"en": "{lens}, {criterion}: its weight (now {weight:.3f}) {side} {end:.3f} makes it {tier}",
                            "zh": "{lens}“{criterion}”权重由 {weight:.3f} {side} {end:.3f} 时变为{tier}"},
    "brief.whatif.below": {"en": "below", "zh": "降至低于"},
    "brief.whatif.above": {"en": "above", "zh": "升至高于"},
    "brief.whatif.weight_none": {"en": "no single weight changes its tier", "zh": "任何单一权重的变化都不会改变其梯队"},
    "brief.whatif.value": {"en": "{indicator} at {end} (range {range}): {outcome} ({scores}); basis: {basis}",
                           "zh": "{indicator}取 {end}（范围 {range}）：{outcome}（{scores}）；依据：{basis}"},
    "brief.whatif.becomes": {"en": "becomes {tier}", "zh": "变为{tier}"},
    "brief.whatif.stays": {"en": "moves {share:.0%} of the way to a threshold, tier unchanged",
                           "zh": "向阈值移动了 {share:.0%}，梯队不变"},
    "brief.whatif.scores": {"en": "Gov {g0:.3f} → {g1:.3f}, Market {m0:.3f} → {m1:.3f}",
                            "zh": "政府 {g0:.3f} → {g1:.3f}，市场 {m0:.3f} → {m1:.3f}"},
    "brief.whatif.value_none": {"en": "no estimated input with a range", "zh": "没有带范围的估计输入"},
    "brief.weights.heading": {"en": "Weights and consistency", "zh": "权重与一致性"},
    "brief.col.direction": {"en": "Direction", "zh": "方向"},
    "brief.weights.inconsistent": {"en": "inconsistent, revise the judgments", "zh": "一致性不足，请修改判断"},
    "brief.ahp.eigen": {"en": "principal eigenvector", "zh": "主特征向量法"},
    "brief.ahp.geometric": {"en": "row geometric mean", "zh": "行几何平均法"},
    "brief.weights.ahp": {
        "en": "From pairwise judgments (AHP, {method}): λmax {lmax:.4f}, CI {ci:.4f}, CR = CI / RI = {cr:.4f} "
              "with RI {ri:.2f} ({table}, n = {n}); threshold {threshold:.2f}: {verdict}.",
        "zh": "由两两比较判断得出（AHP，{method}）：λmax {lmax:.4f}，CI {ci:.4f}，CR = CI / RI = {cr:.4f}，"
              "RI {ri:.2f}（{table}，n = {n}）；阈值 {threshold:.2f}：{verdict}。"},
    "brief.weights.completed": {"en": "Missing judgments completed by Harker's method: {pairs}.",
                                "zh": "缺失判断已用 Harker 方法补全：{pairs}。"},
    "brief.weights.complete": {"en": "Every pair was judged; none was completed.",
                               "zh": "所有准则对均已判断，无需补全。"},
    "brief.weights.file_cr": {"en": "Weights from the weights file; CR {cr:.3f} as the panel recorded it.",
                              "zh": "权重来自权重文件；CR {cr:.3f} 为专家组记录的值。"},
    "brief.weights.explicit": {"en": "Weights given directly: no pairwise judgments, so no CR.",
                               "zh": "权重直接给定：没有两两比较判断，因此没有 CR。"},
    "brief.weights.basis": {"en": "Basis, as the case or weights file states it: {basis}",
                            "zh": "依据（案例或权重文件原文）：{basis}"},
    "brief.ri.caption": {"en": "Random Index table {table} (this case: n = {n})",
                         "zh": "随机一致性指标表 {table}（本案例 n = {n}）"},
    "brief.ri.alonso": {"en": "CR by Alonso & Lamata: CR = (λmax − n) / (1.7699 n − 4.3513)",
                        "zh": "CR 按 Alonso & Lamata 公式：CR = (λmax − n) / (1.7699 n − 4.3513)"},
    "brief.panel.head": {"en": "{files} files collected; {aggregate}, CR threshold {threshold:.2f}, {ri}.",
                         "zh": "共收集 {files} 个文件；{aggregate}，CR 阈值 {threshold:.2f}，{ri}。"},
    "brief.panel.band": {"en": "Consensus", "zh": "共识程度"},
    "brief.sens.heading": {"en": "Sensitivity", "zh": "敏感性分析"},
    "brief.sens.intro": {
        "en": "SMAA-2 over {samples} samples (seed {seed}). Weights drawn per lens: {weights}. Values: {values}. "
              "Each sample re-scores both lenses and re-tiers every material.",
        "zh": "SMAA-2，共 {samples} 次抽样（随机种子 {seed}）。各视角的权重抽样：{weights}。取值：{values}。"
              "每次抽样重新计算两个视角的得分并重新划分所有材料的梯队。"},
    "brief.sens.source.dirichlet": {"en": "Dirichlet around the lens weights (C = {c:g})",
                                    "zh": "以视角权重为中心的 Dirichlet 分布（C = {c:g}）"},
    "brief.sens.source.panel": {"en": "the panel's {n} experts' priority vectors, resampled",
                                "zh": "重抽专家组 {n} 位专家的权重向量"},
    "brief.sens.source.uniform": {"en": "uniform on the simplex", "zh": "单纯形上均匀分布"},
    "brief.sens.values.ranges": {"en": "{n} estimates drawn from their ranges (triangular, mode at the value)",
                                 "zh": "{n} 个估计值按其范围抽样（三角分布，众数为点值）"},
    "brief.sens.values.fixed": {"en": "fixed at their points: the sensitivity covers the weights only",
                                "zh": "固定为点值：敏感性分析仅覆盖权重"},
    "brief.sens.stable": {"en": "Stable (P(tier) ≥ {p:g}): {n} of {total}.",
                          "zh": "稳定（梯队概率 ≥ {p:g}）：{total} 种中 {n} 种。"},
    "brief.sens.expected": {"en": "Expected tier sizes (now): {counts}.", "zh": "期望梯队规模（当前）：{counts}。"},
    "brief.sens.bars.caption": {
        "en": "Tier probabilities per material, in rank order; the dotted line is the borderline {limit:.2f}.",
        "zh": "各材料的梯队概率（按总排名）；点线为边界值 {limit:.2f}。"},
    "brief.sens.first": {"en": "(The first {n} of {total} materials by rank.)",
                         "zh": "（按总排名列出 {total} 种材料中的前 {n} 种。）"},
    "brief.sens.heat.caption": {
        "en": "Rank acceptability: the share of samples giving each material each overall rank "
              "(orange dots: the rank now).",
        "zh": "排名可接受度：各材料在各总排名上的抽样比例（橙点：当前排名）。"},
    "brief.sens.heat.axis": {"en": "Overall rank", "zh": "总排名"},
    "brief.sens.stability": {
        "en": "One weight at a time over [0, 1], the lens's other weights rescaled in proportion, the other lens "
              "and the values fixed: the interval in which every material keeps its tier, and the first material "
              "to change at each end.",
        "zh": "每次只在 [0, 1] 内调整一个权重，该视角其余权重按比例缩放，另一视角和取值保持不变：所有材料梯队"
              "均不变的区间，以及区间两端首先改变梯队的材料。"},
    "brief.evidence.heading": {"en": "Evidence", "zh": "证据"},
    "brief.evidence.intro": {
        "en": "Where each input comes from: quoted from a source, sourced without a quote, estimated (with a "
              "range and a basis), or unsourced. Per criterion, the values it reads:",
        "zh": "各输入值的出处：引自来源原文、有来源但无引文、估计值（附范围与依据）或无来源。各准则所用取值如下："},
    "brief.evidence.values": {"en": "Values", "zh": "取值数"},
    "brief.evidence.quoted": {"en": "Quoted", "zh": "原文引用"},
    "brief.evidence.sourced": {"en": "Sourced, no quote", "zh": "有来源无引文"},
    "brief.evidence.estimated": {"en": "Estimated", "zh": "估计值"},
    "brief.evidence.unsourced": {"en": "Unsourced", "zh": "无来源"},
    "brief.evidence.estimate": {"en": "estimate, range {range}; basis: {basis}", "zh": "估计值，范围 {range}；依据：{basis}"},
    "brief.evidence.inputs": {"en": "Inputs per material", "zh": "各材料的输入值"},
    "brief.evidence.col": {"en": "Source and quote, or estimate, range and basis",
                           "zh": "来源与引文，或估计范围与依据"},
    "brief.evidence.sources": {"en": "Sources", "zh": "来源文献"},
    "brief.evidence.citation": {"en": "Citation", "zh": "文献"},
    "brief.evidence.document": {"en": "Document", "zh": "文件"},
    "brief.baseline.heading": {"en": "Compared with the baseline", "zh": "与基线排名比较"},
    "brief.prov.heading": {"en": "Method and provenance", "zh": "方法与来源"},
    "brief.prov.key": {"en": "Item", "zh": "项目"},
    "brief.prov.value": {"en": "Value", "zh": "内容"},
    "brief.prov.engine": {"en": "Engine", "zh": "引擎版本"},
    "brief.prov.case": {"en": "Case file (sha256)", "zh": "案例文件（sha256）"},
    "brief.prov.weights": {"en": "Weights file (sha256)", "zh": "权重文件（sha256）"},
    "brief.prov.panel": {"en": "Panel results (sha256)", "zh": "专家组结果（sha256）"},
    "brief.prov.baseline": {"en": "Baseline ranking (sha256)", "zh": "基线排名（sha256）"},
    "brief.prov.ahp": {"en": "AHP priorities", "zh": "AHP 权重计算"},
    "brief.prov.ri": {"en": "RI table", "zh": "RI 表"},
    "brief.prov.cr": {"en": "CR threshold", "zh": "CR 阈值"},
    "brief.prov.normalization": {"en": "Normalisation", "zh": "规范化方法"},
    "brief.prov.ranking": {"en": "Ranking method", "zh": "排序方法"},
    "brief.prov.ties": {"en": "Ties", "zh": "并列处理"},
    "brief.prov.ties.value": {"en": "scores within 2^-40 of each other are a tie; ties keep the case's order",
                              "zh": "得分相差不超过 2^-40 视为并列；并列时保持案例中的顺序"},
    "brief.prov.thresholds": {"en": "Tier thresholds", "zh": "梯队阈值"},
    "brief.prov.mix": {"en": "Policy mix α (overall rank)", "zh": "政策权衡 α（总排名）"},
    "brief.prov.samples": {"en": "SMAA samples", "zh": "SMAA 抽样次数"},
    "brief.prov.seed": {"en": "Seed", "zh": "随机种子"},
    "brief.prov.sampling": {"en": "What was sampled", "zh": "抽样内容"},
    "brief.prov.stability": {"en": "Weight stability", "zh": "权重稳定性"},
    "brief.prov.command": {"en": "Command that makes this brief again", "zh": "重新生成本简报的命令"},
    # ---- panel round two, questionnaire layout, guidance (issue 13): entries go here ----
    "panel.sheet.feedback": {"en": "Feedback", "zh": "上轮反馈"},
    "panel.pairs.question": {
        "en": "For each pair: which criterion matters more for this lens, and how much (1 = equally, 9 = "
              "extremely)? Choose from the two drop-downs; leave both blank if you cannot judge.",
        "zh": "对每一对准则：在该视角下哪一个更重要，重要多少（1 = 同等重要，9 = 极端重要）？请从两个下拉列表中选择；"
              "无法判断可两项都留空。"},
    "panel.pairs.equal": {"en": "equal", "zh": "同等重要"},
    "panel.table.title": {"en": "Your judgments beside the group's (round {round})",
                          "zh": "您的判断与专家组的判断（第 {round} 轮）"},
    "panel.table.number": {"en": "#", "zh": "序号"},
    "panel.table.a": {"en": "Criterion A", "zh": "准则 A"},
    "panel.table.choice": {"en": "Which matters more?", "zh": "哪一个更重要？"},
    "panel.table.intensity": {"en": "How much (1–9)", "zh": "重要程度（1–9）"},
    "panel.table.meaning": {"en": "Meaning", "zh": "含义"},
    "panel.table.b": {"en": "Criterion B", "zh": "准则 B"},
    "panel.table.value": {"en": "A over B", "zh": "A 比 B"},
    "panel.table.previous": {"en": "You, last round", "zh": "您上一轮的判断"},
    "panel.table.group": {"en": "Group (AIJ)", "zh": "专家组（AIJ）"},
    "panel.table.range": {"en": "Panel range", "zh": "专家组范围"},
    "panel.table.note": {"en": "To look at again", "zh": "请再考虑"},
    "panel.intensity.1": {"en": "1 equally important", "zh": "1 同等重要"},
    "panel.intensity.2": {"en": "2 equally to moderately", "zh": "2 介于同等与稍微之间"},
    "panel.intensity.3": {"en": "3 moderately more important", "zh": "3 稍微重要"},
    "panel.intensity.4": {"en": "4 moderately to strongly", "zh": "4 介于稍微与明显之间"},
    "panel.intensity.5": {"en": "5 strongly more important", "zh": "5 明显重要"},
    "panel.intensity.6": {"en": "6 strongly to very strongly", "zh": "6 介于明显与强烈之间"},
    "panel.intensity.7": {"en": "7 very strongly more important", "zh": "7 强烈重要"},
    "panel.intensity.8": {"en": "8 very strongly to extremely", "zh": "8 介于强烈与极端之间"},
    "panel.intensity.9": {"en": "9 extremely more important", "zh": "9 极端重要"},
    "panel.status.bad": {"en": "✗ a cell cannot be used", "zh": "✗ 有单元格无法使用"},
    "panel.status.apart": {"en": "✗ not complete", "zh": "✗ 尚不完整"},
    "panel.verdict.ok": {"en": "✓ Pass: consistent (CR at most {threshold}). Nothing to change.",
                         "zh": "✓ 通过：一致性可接受（CR 不超过 {threshold}），无需修改。"},
    "panel.verdict.red": {
        "en": "✗ Fail: too inconsistent (CR above {threshold}). Reconsider the pairs marked orange, starting "
              "with {pair}; below, for each: what your other judgments alone imply (the judgment left out) and "
              "the nearest scale value.",
        "zh": "✗ 未通过：一致性不足（CR 超过 {threshold}）。请重新考虑标为橙色的判断，先从 {pair} 开始；"
              "下方逐一给出仅由您其他判断推出的比值（不计该判断）和最接近的标度值。"},
    "panel.verdict.empty": {"en": "No judgments yet: answer the white cells.", "zh": "尚未填写：请填写白色单元格。"},
    "panel.verdict.apart": {
        "en": "✗ Not complete: your judgments do not link all criteria. Compare {a} with {b}.",
        "zh": "✗ 尚不完整：已填判断未连通所有准则。请比较 {a} 与 {b}。"},
    "panel.verdict.bad": {
        "en": "✗ Fix the red cell: {pair} holds {found}, which is not a value of Saaty's scale. Choose {nearest} "
              "(the nearest) or another value from the drop-down.",
        "zh": "✗ 请修改红色单元格：{pair} 填的是 {found}，不是 Saaty 标度中的值。请从下拉列表选择 {nearest}"
              "（最接近的值）或其他值。"},
    # no number, or none above 0: no scale value is nearest, so only the drop-down (as collect's fix)
    "panel.verdict.bad_text": {
        "en": "✗ Fix the red cell: {pair} holds “{found}”, text that is not a judgment. Choose a value from the "
              "drop-down.",
        "zh": "✗ 请修改红色单元格：{pair} 填的是“{found}”，是文字，不是判断值。请从下拉列表中选择一个值。"},
    "panel.verdict.bad_not_positive": {
        "en": "✗ Fix the red cell: {pair} holds {found}, which is not a value of Saaty's scale. Choose a value from "
              "the drop-down.",
        "zh": "✗ 请修改红色单元格：{pair} 填的是 {found}，不是 Saaty 标度中的值。请从下拉列表中选择一个值。"},
    "panel.verdict.bad_pairs": {
        "en": "✗ Fix the red row: {pair} holds “{found}”; choose a criterion of the pair (or equal) and a whole "
              "number 1–9 from the drop-downs.",
        "zh": "✗ 请修改红色行：{pair} 填的是“{found}”；请从下拉列表选择这对中的一个准则（或同等重要）和 1–9 的整数。"},
    "panel.summary.half": {"en": "{count} row(s) with a choice but no intensity, or the reverse: treated as blank",
                           "zh": "{count} 行只选了其中一项：按未填处理"},
    "panel.dv.choice.error": {"en": "Choose one of the two criteria, or equal.",
                              "zh": "请选择两个准则之一，或同等重要。"},
    "panel.mark.far": {"en": "far from the group: yours {own}, the group's {group}",
                       "zh": "与专家组差距大：您的 {own}，专家组 {group}"},
    "panel.mark.inconsistent": {"en": "among your three most inconsistent judgments (CR {cr})",
                                "zh": "属于您最不一致的三个判断之一（CR {cr}）"},
    "panel.working.flags": {"en": "first unusable pair, count; first unlinked pair; half-filled rows; typed as text",
                            "zh": "首个无法使用的判断、个数；首个未连通的一对；只填一半的行；以文本输入的判断"},
    "panel.working.loo": {"en": "B without pair to reconsider {t}", "zh": "去掉第 {t} 个待重新考虑判断的 B"},
    "panel.howto.2p": {
        "en": "On each lens sheet ({lenses}), every row is a pair of criteria. Choose which of the two matters "
              "more for this lens (or equal), then how much, from 1 (equally) to 9 (extremely). The matrix under "
              "the table fills itself in.",
        "zh": "在每个视角表（{lenses}）中，每一行是一对准则。请选择在该视角下两者中哪一个更重要（或同等重要），再选择"
              "重要程度，从 1（同等重要）到 9（极端重要）。表格下方的矩阵会自动填写。"},
    "panel.howto.feedback": {
        "en": "This is a later round. The sheet “{feedback}” shows your last round beside the group's; on the "
              "lens sheets your last answers are already filled in, with the group's judgment and the panel's "
              "range beside each pair. Look again at the pairs marked blue; change what you now see differently "
              "and keep the rest.",
        "zh": "这是后续一轮。“{feedback}”表给出您上一轮的结果与专家组的结果；各视角表中已填入您上一轮的回答，每对旁边列出"
              "专家组的判断和专家组范围。请重点再考虑标为蓝色的判断；看法有变的请修改，其余保持不变。"},
    "panel.expert.id": {"en": "Expert id", "zh": "专家编号"},
    "panel.expert.round": {"en": "Round", "zh": "轮次"},
    "panel.feedback.title": {"en": "Feedback from round {round}", "zh": "第 {round} 轮反馈"},
    "panel.feedback.intro": {
        "en": "What the panel gave in round {round}, for each lens: your consistency and status, your weights "
              "beside the group's, and how far the panel agrees (consensus S*, 0 to 1).",
        "zh": "第 {round} 轮专家组的结果（按视角）：您的一致性与状态、您的权重与专家组权重的对比，以及专家组的共识程度"
              "（共识度 S*，0 到 1）。"},
    "panel.feedback.your_round": {"en": "You in round {round}", "zh": "您在第 {round} 轮"},
    "panel.feedback.consensus": {"en": "Panel consensus", "zh": "专家组共识度"},
    "panel.feedback.experts": {"en": "{count} experts used", "zh": "采用 {count} 位专家"},
    "panel.feedback.yours": {"en": "Your weight", "zh": "您的权重"},
    "panel.feedback.group": {"en": "Group weight", "zh": "专家组权重"},
    "panel.feedback.no_workbook": {"en": "no judgments for this lens", "zh": "该视角没有判断"},
    "panel.feedback.colours": {"en": "Colours on the lens sheets", "zh": "视角表中的颜色"},
    "panel.feedback.blue.name": {"en": "blue", "zh": "蓝色"},
    "panel.feedback.blue": {
        "en": "from the last round: among your three most inconsistent judgments (when your CR was above the "
              "threshold), or far from the group (your judgment and the group's differ by a factor of 3 or more)",
        "zh": "来自上一轮：属于您最不一致的三个判断（当 CR 超过阈值时），或与专家组相差 3 倍及以上"},
    "panel.feedback.orange.name": {"en": "orange", "zh": "橙色"},
    "panel.feedback.orange": {"en": "now, as you type: the pairs to reconsider while CR is above the threshold",
                              "zh": "填写时实时显示：CR 超过阈值时需要重新考虑的判断"},
    "panel.feedback.red.name": {"en": "red", "zh": "红色"},
    "panel.feedback.red": {"en": "a cell that cannot be used: choose from the drop-down",
                           "zh": "无法使用的单元格：请从下拉列表中选择"},
    "panel.feedback.yellow.name": {"en": "yellow", "zh": "黄色"},
    "panel.feedback.yellow": {"en": "a row with a choice but no intensity, or the reverse (read as blank)",
                              "zh": "只选了其中一项的行（按未填处理）"},
    "panel.cr_of.aij": {"en": "AIJ matrix", "zh": "AIJ 综合判断矩阵"},
    "panel.cr_of.aip": {"en": "largest CR of the used experts (AIP)", "zh": "采用专家中最大的 CR（AIP）"},
    "panel.band.very low": {"en": "very low", "zh": "很低"},
    "panel.band.low": {"en": "low", "zh": "低"},
    "panel.band.moderate": {"en": "moderate", "zh": "中等"},
    "panel.band.high": {"en": "high", "zh": "高"},
    "panel.band.very high": {"en": "very high", "zh": "很高"},
    # matrank panel feedback: the feedback sheet's lens notes and the command's report
    "panel.feedback.fresh": {"en": "your judgments for this lens could not be used; it is asked afresh",
                             "zh": "您在该视角的判断无法使用，本轮请重新填写"},
    "panel.feedback.no_group": {"en": "no expert was used in this lens, so there is no group judgment to show",
                                "zh": "该视角没有采用任何专家的判断，因此没有专家组判断可供参考"},
    "panel.next.feedback": {"en": "{file} → {out}: round {round}, the expert's judgments and the group's filled in",
                            "zh": "{file} → {out}：第 {round} 轮，已填入该专家上一轮的判断和专家组的判断"},
    "panel.next.fresh": {"en": "{file} → {out}: round {round}, fresh (none of the expert's judgments could be used)",
                         "zh": "{file} → {out}：第 {round} 轮，空白重填（该专家上一轮的判断均无法使用）"},
    "panel.next.skip": {"en": "{file}: not written: {reason}",
                        "zh": "{file}：未写出：无法作为本案例的专家工作簿读取，原因见 matrank panel collect 的报告"},
    "panel.next.note": {"en": "note: {text}", "zh": "注：{text}"},
    "panel.next.not_collected": {"en": "note: not collected: {text}", "zh": "注：未收集：{text}"},
    "panel.next.skip.fix": {"en": "send these experts a fresh workbook (matrank panel template) or fix the file "
                                  "and run feedback again",
                            "zh": "请给这些专家发送新的工作簿（matrank panel template），或修正文件后重新运行 feedback"},
    "panel.next.note.fresh_lens": {"en": "  {lens} asked afresh: {reason}",
                                   "zh": "  {lens}空白重填：上一轮的判断无法使用"},
    "panel.next.note.marked": {"en": "  {lens}: pairs marked to look at again: {count}",
                               "zh": "  {lens}：{count} 对判断标出请再考虑"},
    "panel.next.note.new_id": {"en": "  made before experts had ids: given the id {id} (kept in later rounds)",
                               "zh": "  该工作簿制作时尚无专家编号：编号定为 {id}（以后各轮沿用）"},
    "panel.next.note.no_group": {"en": "{lens}: no expert was used in round {round}, so the workbooks show no "
                                       "group judgments for it",
                                 "zh": "{lens}：第 {round} 轮没有采用任何专家，工作簿中不显示该视角的专家组判断"},
    "panel.next.note.aip": {"en": "the group judgments shown are the AIJ matrix (geometric mean of the used experts' "
                                  "completed judgments); the group weights are AIP's (--aggregate aip)",
                            "zh": "所示专家组判断为 AIJ 矩阵（所采用专家补全后判断的几何平均）；专家组权重为 AIP 结果"
                                  "（--aggregate aip）"},
    "panel.next.summary": {"en": "wrote {written} for round {round} to {folder}: {feedback} with feedback, "
                                 "{fresh} fresh; {skipped} not written",
                           "zh": "已将第 {round} 轮的 {written}写入 {folder}：{feedback} 份附反馈，{fresh} 份空白"
                                 "重填；{skipped} 份未写出"},
    # the status lines every command prints on standard error
    "cli.wrote": {"en": "wrote {path}", "zh": "已写出 {path}"},
    "cli.note": {"en": "note: {text}", "zh": "注：{text}"},
    "cli.warning": {"en": "warning: {text}", "zh": "警告：{text}"},
    "panel.template.wrote": {"en": "wrote {count} for case {case} ({asked}) to {folder}: {shown}",
                             "zh": "已将案例 {case} 的 {count}（{asked}）写入 {folder}：{shown}"},
    "panel.template.from": {"en": "from {file}", "zh": "据 {file}"},
    "panel.collect.no_lens": {"en": "{lens} lens: no used expert; it has no panel weights",
                              "zh": "{lens}视角：没有采用任何专家，该视角没有专家组权重"},
    "panel.collect.no_lens.weights_out": {
        "en": " and is left out of the weights file, so `matrank rank` keeps the case's weights for it",
        "zh": "，权重文件中不含该视角，matrank rank 将沿用案例自带的权重"},
    "panel.collect.rank_with": {"en": "rank with the panel's weights: {command}",
                                "zh": "用专家组权重排序：{command}"},
}


def label(key: str, lang: str = "en") -> str:
    """The label for ``key`` in ``lang``; ``both`` gives "中文 / English"."""
    entry = LABELS[key]
    if lang == "both":
        return f"{entry['zh']} / {entry['en']}"
    return entry[lang]


def has_label(key: str) -> bool:
    return key in LABELS


def counted(n: int, noun: str, lang: str = "en") -> str:
    """"1 file", "3 files", "3 个文件": a count with its noun (``count.<noun>.one|many``)."""
    return label(f"count.{noun}.{'one' if n == 1 else 'many'}", lang).format(n=n)
