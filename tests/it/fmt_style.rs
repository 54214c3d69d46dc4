//! The site's own form as the default style: which corpus pages
//! `fmt --check` flags, and why; pages the generator writes pass.

use std::collections::BTreeMap;
use std::path::Path;

use currents::format::{format_bytes, Outcome};

use crate::common::{currents, walk};

const CORPUS: &str = "tests/corpus";

/// Every page `fmt --check` flags in the default style, with its reasons.
/// Read off the pages (a sample by hand, see docs/canonical-markdown.md):
/// - older eras pad link text `[ Headline]` and write no space after the
///   headline (`link-padding`; `trailing-spaces` on `#  The euro…` pages,
///   which also write `#  `: `heading-spaces`);
/// - related items keep their headlines' double spaces (`spaces`:
///   `killed  and ten`, `a  knife-wielding  25-year-old`);
/// - `1. … 1. [Cover Image]`, `1. 2. 2.` in Changes (`numbering`);
/// - summaries with a trailing space (`drug ring. $` on index.md);
/// - the Chinese front pages open with two blank lines and no Formats line,
///   the Kosovo page has three blank lines after its headline, not four
///   (`blank-lines`); the Kampala page's related links hold a `[` (`other`).
const FLAGGED: &[(&str, &[&str])] = &[
    ("thecontext/README.md", &["link-padding", "spaces"]),
    ("thecontext/index.md", &["trailing-spaces"]),
    ("thecontext/news/1999/01/1/the-euro-currency-is-introduced.md", &["heading-spaces", "trailing-spaces"]),
    ("thecontext/news/1999/01/31/README.md", &["link-padding"]),
    ("thecontext/news/1999/01/31/index.md", &["link-padding"]),
    ("thecontext/news/1999/02/21/turkey-withdraws-its-troops-from-iraq-against-the-kurdish-rebels.md", &["heading-spaces", "spaces"]),
    ("thecontext/news/2000/01/15/a1-2eljko-raa3-4natovia-better-known-as-arkan-is-assassinated-in-the-lobby-of-belgrade-s-elite-intercontinental-hotel-he-was-on-interpol-s-m.md", &["trailing-spaces"]),
    ("thecontext/news/2000/01/17/in-the-united-states-for-the-first-time-martin-luther-king-jr-day-is-officially-observed-in-all-fifty-states.md", &["link-padding", "spaces", "trailing-spaces"]),
    ("thecontext/news/2000/06/23/README.md", &["link-padding"]),
    ("thecontext/news/2001/03/5/in-mecca-35-muslim-pilgrims-are-crushed-to-death-during-the-annual-hajj-pilgrimage.md", &["heading-spaces", "link-padding", "trailing-spaces"]),
    ("thecontext/news/2001/03/23/the-world-wrestling-federation-now-world-wrestling-entertainment-wwf-e-purchases-rival-organization-world-championship-wrestling-wcw.md", &["heading-spaces", "link-padding", "trailing-spaces"]),
    ("thecontext/news/2001/09/11/README.md", &["link-padding"]),
    ("thecontext/news/2001/09/11/index.md", &["link-padding"]),
    ("thecontext/news/2002/05/21/recent-celebrity-deaths-the-french-artist-niki-de-saint-phalle-dies-in-san-diego-california-aged-71.md", &["heading-spaces", "link-padding", "spaces", "trailing-spaces"]),
    ("thecontext/news/2002/05/31/the-european-union-ratifies-the-kyoto-protocol-treaty-and-japan-stated-they-would-shortly.md", &["heading-spaces", "trailing-spaces"]),
    ("thecontext/news/2003/03/19/README.md", &["link-padding"]),
    ("thecontext/news/2003/03/19/index.md", &["link-padding"]),
    ("thecontext/news/2003/11/11/the-us-senate-backs-legislation-imposing-sanctions-on-syria-the-bill-allows-the-president-to-adjust-sanctions-as-a-function-of-syria-s-co.md", &["heading-spaces", "trailing-spaces"]),
    ("thecontext/news/2003/11/15/2003-rugby-union-world-cup-in-the-semi-finals-australia-defeats-new-zealand-by-22-points-to-10-to-win-a-place-in-next-weekend-s-final.md", &["heading-spaces", "trailing-spaces"]),
    ("thecontext/news/2004/09/1/a-group-of-29-persons-thought-to-be-north-korean-defectors-seeking-asylum-storm-a-japanese-school-in-beijing-china.md", &["heading-spaces", "link-padding"]),
    ("thecontext/news/2004/09/1/the-rape-prosecution-brought-against-u-s-basketball-star-kobe-bryant-is-dismissed-with-prejudice-when-it-becomes-clear-that-his-accuser.md", &["heading-spaces"]),
    ("thecontext/news/2004/12/27/README.md", &["link-padding"]),
    ("thecontext/news/2004/12/27/index.md", &["link-padding"]),
    ("thecontext/news/2005/07/7/7-july-2005-london-bombings-four-explosions-are-reported-on-the-london-underground-and-bus-system-leading-to-the-entire-transport-network.md", &["heading-spaces", "link-padding", "spaces", "trailing-spaces"]),
    ("thecontext/news/2005/07/7/README.md", &["link-padding"]),
    ("thecontext/news/2005/07/7/index.md", &["link-padding", "spaces"]),
    ("thecontext/news/2005/07/7/malta-becomes-the-12th-european-union-member-to-ratify-the-eu-constitution-and-the-first-to-do-so-unanimously.md", &["heading-spaces", "link-padding", "spaces"]),
    ("thecontext/news/2006/02/1/astronomers-measure-the-size-of-newly-discovered-dwarf-planet-eris-as-larger-than-pluto-with-84-probability.md", &["heading-spaces", "link-padding", "spaces"]),
    ("thecontext/news/2006/02/1/shares-in-google-fall-dramatically-after-the-company-reported-profits-below-wall-street-estimates-nowrap-12-billion-in-market-value-w.md", &["heading-spaces", "link-padding", "spaces"]),
    ("thecontext/news/2007/04/17/iccho-ito-the-mayor-of-nagasaki-japan-is-shot-at-least-twice-outside-his-re-election-campaign-headquarters-the-assassin-tetsuya-shiroo.md", &["heading-spaces", "link-padding"]),
    ("thecontext/news/2007/04/17/virginia-tech-massacre.md", &["heading-spaces", "link-padding", "trailing-spaces"]),
    ("thecontext/news/2008/11/5/README.md", &["link-padding"]),
    ("thecontext/news/2008/11/5/california-proposition-8-a-referendum-that-amended-the-state-constitution-passes-and-defines-marriage-as-being-between-a-man-and-a-woman.md", &["heading-spaces", "link-padding", "spaces"]),
    ("thecontext/news/2008/11/5/index.md", &["link-padding"]),
    ("thecontext/news/2008/11/5/india-s-gagan-narang-wins-a-gold-medal-in-the-men-s-10-metre-air-rifle-event-at-the-2008-issf-world-cup-final-breaking-the-world-record.md", &["heading-spaces", "link-padding"]),
    ("thecontext/news/2009/06/25/README.md", &["link-padding"]),
    ("thecontext/news/2009/06/25/index.md", &["link-padding", "spaces"]),
    ("thecontext/news/2009/06/25/iran-p-a-mourning-ceremony-for-protesters-who-died-in-the-post-election-protests-is-cancelled.md", &["heading-spaces", "link-padding", "spaces"]),
    ("thecontext/news/2009/06/25/the-king-of-pop-michael-jackson-dies-from-cardiac-arrest-at-the-age-of-50-after-arrival-at-the-ucla-medical-center-in-los-angeles-californ.md", &["heading-spaces", "link-padding", "spaces"]),
    ("thecontext/news/2010/01/13/shares-in-japan-airlines-fall-by-81.md", &["link-padding"]),
    ("thecontext/news/2010/01/13/venezuela-announces-an-electricity-rationing-programme-in-which-the-entire-country-will-be-affected-by-four-hour-blackouts-every-week.md", &["link-padding", "spaces"]),
    ("thecontext/news/2011/03/11/a-9-0-magnitude-earthquake-hits-offshore-of-japan-s-miyagi-prefecture-producing-tsunamis-as-high-as-10-meters-near-the-epicenter-and-reachi.md", &["spaces"]),
    ("thecontext/news/2011/03/11/american-actor-mel-gibson-is-charged-with-misdemeanor-battery-for-an-alleged-assault-on-his-ex-girlfriend-oksana-grigorieva-in-january-2010.md", &["link-padding", "spaces"]),
    ("thecontext/news/2012/10/29/damian-rzeszowski-is-sentenced-to-30-years-in-prison-for-killing-six-people-mdash-including-his-wife-and-children-mdash-in-jersey.md", &["link-padding"]),
    ("thecontext/news/2012/10/29/hurricane-sandy-strikes-new-york-city.md", &["trailing-spaces"]),
    ("thecontext/news/2013/04/15/boston-marathon-bombings-ptwo-explosions-in-boston-united-states-near-the-finish-line-of-the-2013-boston-marathon-leave-3-people-dead-and.md", &["link-padding"]),
    ("thecontext/news/2013/04/15/two-explosions-in-boston-united-states-near-the-finish-line-of-the-2013-boston-marathon-leave-3-people-dead-and-183-injured.md", &["link-padding", "numbering"]),
    ("thecontext/news/2014/03/9/a-suicide-car-bomber-kills-42-people-at-a-police-checkpoint-in-hillah-iraq.md", &["link-padding", "spaces"]),
    ("thecontext/news/2014/03/9/malaysia-airlines-flight-370-pthe-ministry-of-transport-of-vietnam-orders-local-airports-and-airlines-to-tighten-their-security-after-the-m.md", &["spaces"]),
    ("thecontext/news/2015/11/13/README.md", &["link-padding", "spaces", "trailing-spaces"]),
    ("thecontext/news/2015/11/13/french-police-report-multiple-blasts-and-gunfire-in-paris-with-at-least-26-dead-in-a-restaurant-in-the-10th-arrondissement-and-an-explosion.md", &["link-padding", "spaces"]),
    ("thecontext/news/2015/11/13/index.md", &["link-padding", "spaces", "trailing-spaces"]),
    ("thecontext/news/2015/11/13/kurdish-peshmerga-forces-backed-by-u-s-airstrikes-seize-control-of-sinjar-in-northern-iraq-sinjar-has-been-under-islamic-state-of-iraq-and.md", &["numbering"]),
    ("thecontext/news/2016/06/23/voters-in-the-united-kingdom-go-to-the-polls-to-vote-in-a-referendum-on-whether-the-uk-should-leave-the-european-union.md", &["numbering"]),
    ("thecontext/news/2017/05/23/README.md", &["link-padding"]),
    ("thecontext/news/2017/06/19/README.md", &["link-padding"]),
    ("thecontext/news/2017/06/19/a-car-carrying-firearms-and-gas-bottles-deliberately-rammed-a-police-vehicle-on-the-champs-alysa-c-es-in-paris-france-subsequently-bursting.md", &["spaces"]),
    ("thecontext/news/2017/06/19/american-student-otto-warmbier-who-returned-to-the-united-states-after-serving-17-months-in-the-north-korean-prison-system-dies-after-retur.md", &["link-padding"]),
    ("thecontext/news/2017/06/19/at-least-one-person-has-been-killed-and-ten-injured-after-a-van-runs-over-pedestrians-outside-the-finsbury-park-mosque-in-the-north-london.md", &["spaces"]),
    ("thecontext/news/2017/06/19/bear-attacks-two-people-are-attacked-and-killed-by-black-bears-in-separate-incidents-in-alaska-following-a-rise-in-bear-attacks-in-that-s.md", &["link-padding"]),
    ("thecontext/news/2017/06/19/brexit-negotiations-begin-in-brussels.md", &["link-padding"]),
    ("thecontext/news/2017/06/19/index.md", &["link-padding", "spaces"]),
    ("thecontext/news/2017/06/19/indonesia-malaysia-and-the-philippines-begin-joint-patrols-in-the-pirate-havens-within-the-celebes-and-sulu-seas.md", &["numbering"]),
    ("thecontext/news/2017/06/19/north-korea-united-states-relations-american-student-otto-warmbier-who-returned-to-the-united-states-after-serving-17-months-in-the-nort.md", &["link-padding"]),
    ("thecontext/news/2017/06/19/personal-information-of-about-200-million-u-s-citizens-has-been-exposed-on-the-internet-since-january-when-unsecured-files-were-uploaded-b.md", &["heading-spaces", "link-padding", "numbering"]),
    ("thecontext/news/2017/06/19/personal-information-of-about-200-million-u-s-citizens-has-been-exposed-on-the-internet-since-january-when-unsecured-files-were-uploaded.md", &["heading-spaces", "spaces"]),
    ("thecontext/news/2017/06/19/personal-information-of-about-200-million-us-citizens-has-been-exposed-on-the-internet-since-january-when-unsecured-files-were-uploaded-by.md", &["heading-spaces", "spaces"]),
    ("thecontext/news/2017/06/19/piracy-in-the-sulu-sea-indonesia-malaysia-and-the-philippines-begin-joint-patrols-in-the-pirate-havens-within-the-celebes-and-sulu-seas.md", &["link-padding"]),
    ("thecontext/news/2017/06/19/the-autopsy-of-actress-carrie-fisher-reveals-a-lifestyle-of-recreational-drug-use-with-results-showing-the-presence-of-multiple-drugs-such-a.md", &["link-padding", "spaces"]),
    ("thecontext/news/2017/06/19/the-driver-of-a-car-containing-guns-rammed-the-car-into-a-police-vehicle-on-the-champs-alysa-c-es-in-paris-france-he-was-immediately-killed.md", &["spaces"]),
    ("thecontext/news/2017/06/19/the-driver-of-a-car-containing-guns-rammed-the-car-into-a-police-vehicle-on-the-champs-elysees-in-paris-france-he-was-immediately-killed-b.md", &["spaces"]),
    ("thecontext/news/2017/06/19/the-global-price-of-crude-oil-decreases-due-to-increased-united-states-supply-and-decreased-demand.md", &["link-padding", "trailing-spaces"]),
    ("thecontext/news/2017/06/19/the-number-of-people-displaced-globally-totals-60-6-million-after-an-addition-of-10-3-million-people-displaced-in-2016-syria-colombia-afg.md", &["spaces", "trailing-spaces"]),
    ("thecontext/news/2017/06/19/the-number-of-people-displaced-globally-totals-65-6-million-after-an-addition-of-10-3-million-people-displaced-in-2016-syria-colombia-afg.md", &["link-padding", "numbering"]),
    ("thecontext/news/2017/06/19/the-slants-win-their-case-with-the-supreme-court-of-the-united-states-that-the-u-s-patent-and-trademark-office-s-rejection-of-their-tradema.md", &["spaces"]),
    ("thecontext/news/2017/06/19/two-people-are-attacked-and-killed-by-black-bears-in-separate-incidents-in-alaska-following-a-rise-in-bear-attacks-in-that-state.md", &["link-padding", "spaces"]),
    ("thecontext-zh/README.md", &["link-padding", "blank-lines"]),
    ("thecontext-zh/index.md", &["link-padding", "blank-lines"]),
    ("thecontext-zh/news/2003/04/6/index.md", &["link-padding"]),
    ("thecontext-zh/news/2003/04/9/美军部队占领巴格达-萨达姆政权被推翻.md", &["link-padding", "trailing-spaces"]),
    ("thecontext-zh/news/2007/06/15/前來日本進行軍事交流的兩艘巴基斯坦敦睦艦-據稱駛離日本時-發現少了十一名官兵-日本警方正在追查這十一名巴基斯坦軍人的行蹤.md", &["link-padding"]),
    ("thecontext-zh/news/2008/01/13/印度总理辛格乘专机抵达北京首都国际机场-开始对中国进行为期三天的国事访问.md", &["link-padding", "trailing-spaces"]),
    ("thecontext-zh/news/2008/05/2/index.md", &["link-padding"]),
    ("thecontext-zh/news/2008/08/14/敘利亞與黎巴嫩同意建立外交關係並相互派駐大使-http-apgooglecom-article-ALeqM5.md", &["heading-spaces", "link-padding"]),
    ("thecontext-zh/news/2008/09/15/README.md", &["link-padding"]),
    ("thecontext-zh/news/2008/09/15/index.md", &["link-padding"]),
    ("thecontext-zh/news/2008/09/15/印尼东爪哇省岩望县发生踩踏事故-造成21人死亡-86人受伤.md", &["link-padding", "trailing-spaces"]),
    ("thecontext-zh/news/2008/09/15/尼加拉瓜總統丹尼爾-奧爾特加表示-基於支持玻利維亞-他將不會參加本月底舉行的中美洲高峰會.md", &["link-padding", "trailing-spaces"]),
    ("thecontext-zh/news/2008/09/15/泰國代首相頌猜宣布-即日起解除自9月2日開始在首都曼谷地區實施的緊急狀態令.md", &["link-padding", "trailing-spaces"]),
    ("thecontext-zh/news/2008/09/15/津巴布韦总统罗伯特-穆加贝所领导的执政党非洲民族联盟-爱国阵线和茨万吉拉伊所领导的反对党争取民主变革运动在哈拉雷正式签署.md", &["link-padding", "trailing-spaces"]),
    ("thecontext-zh/news/2008/09/15/美国第四大投资银行雷曼兄弟宣布申请破产保护.md", &["link-padding", "trailing-spaces"]),
    ("thecontext-zh/news/2008/09/15/美国银行宣布以近500亿美元的价格收购美国第三大投资银行美林证券.md", &["link-padding", "trailing-spaces"]),
    ("thecontext-zh/news/2008/09/15/雷曼兄弟公司宣布申请破產保護.md", &["trailing-spaces"]),
    ("thecontext-zh/news/2009/05/27/国际空间站第20长期考察组的3名宇航员在哈萨克斯坦拜科努尔发射场乘坐俄罗斯联盟TMA-15载人飞船升空-将使国际空间站常.md", &["link-padding", "trailing-spaces"]),
    ("thecontext-zh/news/2009/08/27/index.md", &["link-padding"]),
    ("thecontext-zh/news/2010/03/16/位於烏干達首都坎帕拉的世界遺產卡蘇比王陵失火-主建築基本被燒燬.md", &["heading-spaces", "link-padding", "trailing-spaces", "other"]),
    ("thecontext-zh/news/2010/11/4/联合国开发计划署4日发布2010年度人类发展指数-HDI-挪威蝉联榜首-第二至第十位分别是澳大利亚-新西兰-美国-爱.md", &["heading-spaces", "link-padding", "trailing-spaces"]),
    ("thecontext-zh/news/2010/12/12/index.md", &["link-padding"]),
    ("thecontext-zh/news/2011/11/16/载有两名俄罗斯和一名美国宇航员的俄罗斯联盟TMA-22飞船与国际空间站成功对接.md", &["link-padding", "trailing-spaces"]),
    ("thecontext-zh/news/2012/06/9/index.md", &["link-padding"]),
    ("thecontext-zh/news/2013/08/22/中國共產黨中央政治局前委員薄熙來涉嫌貪污瀆職的案件在濟南市中級人民法院開審.md", &["heading-spaces", "link-padding", "trailing-spaces"]),
    ("thecontext-zh/news/2013/12/12/README.md", &["link-padding"]),
    ("thecontext-zh/news/2013/12/12/index.md", &["link-padding"]),
    ("thecontext-zh/news/2013/12/12/人權觀察和保護記者委員會批評菲律賓總統諾諾-艾奎諾未能確保記者的安全-今年至少已12名記者於菲律賓喪生.md", &["heading-spaces", "link-padding", "trailing-spaces"]),
    ("thecontext-zh/news/2013/12/12/前朝鮮國防委員會副委員長張成澤被判處死刑後立即執行.md", &["heading-spaces", "link-padding"]),
    ("thecontext-zh/news/2013/12/12/四位前冰島銀行的老闆因隱瞞非法行為被判刑-其中包括冰島規模最大的克伊普辛銀行-Bank.md", &["heading-spaces", "link-padding"]),
    ("thecontext-zh/news/2013/12/12/孟加拉處決了在孟加拉國解放戰爭期間犯下強暴-屠殺等罪名的阿卜杜爾-誇德-莫拉-Quader-Molla.md", &["heading-spaces", "link-padding"]),
    ("thecontext-zh/news/2013/12/12/澳洲高等法院裁定同性婚姻於澳洲國內無效.md", &["heading-spaces", "link-padding"]),
    ("thecontext-zh/news/2013/12/12/第71屆金球獎入圍名單出爐.md", &["heading-spaces"]),
    ("thecontext-zh/news/2013/12/12/美军收到错误情报-将也门阿尔贝达省的一个婚礼车队当成基地组织所属-派出无人机轰炸-导致15名平民死亡-超过20人受伤.md", &["heading-spaces", "link-padding"]),
    ("thecontext-zh/news/2014/06/7/2014年科索沃议会选举-parliamentary-election-2014今天拉开大幕.md", &["heading-spaces", "blank-lines", "trailing-spaces"]),
    ("thecontext-zh/news/2015/07/10/中國政府開始大規模針對各省市的維權人士與律師進行逮捕-傳喚-刑事拘留.md", &["link-padding"]),
    ("thecontext-zh/news/2016/09/28/美軍無人飛機在索馬里中部誤炸索馬里政府軍-造成22名士兵喪生.md", &["link-padding"]),
    ("thecontext-zh/news/2017/09/24/緬甸軍方宣佈在若開邦發現一處埋葬28名印度教徒的亂葬崗-軍方稱他們是被若開羅興亞拯救軍殺害.md", &["link-padding"]),
    ("thecontext-zh/news/2018/09/17/俄軍一架IL-20電子偵察機在地中海上空被敘利亞的防空導彈錯誤擊落-機上15人全部喪生.md", &["link-padding"]),
    ("thecontext-zh/news/2019/07/6/杭州良渚古城遗址成为中国第55项世界遗产-使中国现有世界遗产数量与意大利并列世界第一.md", &["link-padding"]),
];

#[test]
fn fmt_check_flags_the_irregular_pages_for_their_reasons() {
    let output = currents()
        .args(["fmt", "--check", "--format", "json", CORPUS])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let mut found: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for line in String::from_utf8(output.stdout).unwrap().lines() {
        let record: serde_json::Value = serde_json::from_str(line).unwrap();
        let file = record["file"].as_str().unwrap();
        let file = file.strip_prefix("tests/corpus/").unwrap().to_string();
        assert!(
            record["code"].as_str().unwrap().starts_with("FMT"),
            "{record}"
        );
        assert!(record["line"].as_u64().unwrap() >= 1, "{record}");
        let rule = record["rule"].as_str().unwrap().to_string();
        found.entry(file).or_default().push(rule);
    }
    let expected: BTreeMap<String, Vec<String>> = FLAGGED
        .iter()
        .map(|(file, rules)| {
            (
                file.to_string(),
                rules.iter().map(|r| r.to_string()).collect(),
            )
        })
        .collect();
    assert_eq!(found, expected);
    // Of the 145 `.md` files: 100 English pages (6 prose), 44 Chinese, a README.
    let english = FLAGGED
        .iter()
        .filter(|(f, _)| f.starts_with("thecontext/"))
        .count();
    let chinese = FLAGGED
        .iter()
        .filter(|(f, _)| f.starts_with("thecontext-zh/"))
        .count();
    assert_eq!((FLAGGED.len(), english, chinese), (116, 76, 40));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("145 files checked, 116 would be reformatted"),
        "{stderr}"
    );
}

#[test]
fn pages_written_in_the_site_form_are_never_flagged() {
    let dir = tempfile::tempdir().unwrap();
    let mut written = 0;
    for page in walk(Path::new(CORPUS)) {
        let is_md = page.extension().is_some_and(|e| e == "md");
        let bytes = std::fs::read(&page).unwrap();
        let Ok(Outcome::Formatted { output, .. }) = format_bytes(&bytes, Some(&page), &[]) else {
            continue;
        };
        if !is_md {
            continue;
        }
        let to = dir.path().join(page.strip_prefix(CORPUS).unwrap());
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::write(&to, output).unwrap();
        written += 1;
    }
    assert_eq!(written, 139, "every event, day and front page");
    currents()
        .args(["fmt", "--check"])
        .arg(dir.path())
        .assert()
        .success()
        .stdout("");
}

#[test]
fn the_newest_clean_pages_are_left_as_they_are() {
    // Fresh from the generator's current template (Formats line, category,
    // `Sources:`, padded related links) and its older one (`Source:`).
    for page in [
        "news/2017/06/19/brexit-negotiations-begin-in-brussels.md",
        "news/2017/06/19/after-yesterday-s-downing-of-a-syrian-su-22-jet-russia-shuts-down-a-deconfliction-channel-and-says-it-will-follow-any-aircraft-west-of-the.md",
        "news/2017/06/19/indonesia-malaysia-and-the-philippines-begin-joint-patrols-in-the-pirate-havens-within-the-celebes-and-sulu-seas.md",
        "news/2017/06/19/index.md",
        "news/2017/06/19/README.md",
    ] {
        let path = Path::new(CORPUS).join("thecontext").join(page);
        let bytes = std::fs::read(&path).unwrap();
        let flagged = FLAGGED.iter().any(|(f, _)| f.ends_with(page));
        match format_bytes(&bytes, Some(&path), &[]) {
            Ok(Outcome::Formatted { changed, .. }) => assert_eq!(changed, flagged, "{page}"),
            other => panic!("{page}: {other:?}"),
        }
    }
}

#[test]
fn the_compact_style_is_still_there() {
    let output = currents()
        .args(["fmt", "--check", "--style", "compact", "-q", CORPUS])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let listed = String::from_utf8(output.stdout).unwrap().lines().count();
    assert!(
        listed > 116,
        "compact rewrites the generator's padding too: {listed}"
    );
}
