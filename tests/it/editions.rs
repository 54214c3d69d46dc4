//! The Chinese edition (`tests/corpus/thecontext-zh/`, real pages) read as
//! fully as the English one: sources, related items and their tags, day
//! pages, the front page, site paths under `/zh/news/`, site mode, feeds,
//! fmt and stats. Every expected number below was counted by reading the
//! page named next to it.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use currents::diagnostic::DiagnosticKind;
use currents::edition::{CHINESE, ENGLISH};
use currents::filter::SplitBy;
use currents::format::{format_bytes, Outcome};
use currents::{parse_file, Document, Event, FrontSection};
use serde_json::Value;

use crate::common::{self, currents, walk};

fn zh_root() -> PathBuf {
    common::corpus_root().join("thecontext-zh")
}

fn zh(rel: &str) -> PathBuf {
    zh_root().join(rel)
}

/// The 44 markdown pages of the Chinese copy.
fn zh_pages() -> Vec<PathBuf> {
    let mut pages: Vec<PathBuf> = walk(&zh_root())
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    pages.sort();
    assert_eq!(pages.len(), 44, "the corpus README lists 44 pages");
    pages
}

fn event_of(path: &Path) -> Event {
    match parse_file(path).unwrap().document {
        Document::Event(event) => event,
        other => panic!("{}: {}", path.display(), other.kind_name()),
    }
}

/// Lines of JSON records from `currents convert ARGS --to jsonl -q`.
fn records(args: &[&str]) -> Vec<Value> {
    let out = currents()
        .arg("convert")
        .args(args)
        .args(["--to", "jsonl", "-q"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn every_zh_page_reads_without_a_warning_or_an_unknown_section() {
    for page in zh_pages() {
        let parsed = parse_file(&page).unwrap();
        assert_eq!(parsed.edition.code, "zh", "{}", page.display());
        let unknown = parsed
            .diagnostics
            .iter()
            .filter(|d| matches!(d.kind, DiagnosticKind::UnknownSection { .. }))
            .count();
        assert_eq!(unknown, 0, "{}: {:?}", page.display(), parsed.diagnostics);
        assert!(parsed.diagnostics.is_empty(), "{}", page.display());
    }
    let out = currents()
        .arg("check")
        .arg(zh_root())
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "44 files, 86 events, 0 warnings, 0 errors\n"
    );
}

/// (page under news/, items under `### 信息来源:`, items under `### 有关:`),
/// counted in each file. Four pages have no Sources heading at all, two no
/// Related heading, and 2014/06/7 has neither.
const COUNTS: &[(&str, usize, usize)] = &[
    ("2003/04/9/美军部队占领巴格达-萨达姆政权被推翻.md", 0, 10),
    ("2007/06/15/前來日本進行軍事交流的兩艘巴基斯坦敦睦艦-據稱駛離日本時-發現少了十一名官兵-日本警方正在追查這十一名巴基斯坦軍人的行蹤.md", 0, 10),
    ("2008/01/13/印度总理辛格乘专机抵达北京首都国际机场-开始对中国进行为期三天的国事访问.md", 1, 10),
    ("2008/08/14/敘利亞與黎巴嫩同意建立外交關係並相互派駐大使-http-apgooglecom-article-ALeqM5.md", 0, 10),
    ("2008/09/15/印尼东爪哇省岩望县发生踩踏事故-造成21人死亡-86人受伤.md", 1, 10),
    ("2008/09/15/尼加拉瓜總統丹尼爾-奧爾特加表示-基於支持玻利維亞-他將不會參加本月底舉行的中美洲高峰會.md", 1, 10),
    ("2008/09/15/泰國代首相頌猜宣布-即日起解除自9月2日開始在首都曼谷地區實施的緊急狀態令.md", 1, 10),
    ("2008/09/15/津巴布韦总统罗伯特-穆加贝所领导的执政党非洲民族联盟-爱国阵线和茨万吉拉伊所领导的反对党争取民主变革运动在哈拉雷正式签署.md", 1, 10),
    ("2008/09/15/美国第四大投资银行雷曼兄弟宣布申请破产保护.md", 1, 10),
    ("2008/09/15/美国银行宣布以近500亿美元的价格收购美国第三大投资银行美林证券.md", 1, 10),
    ("2008/09/15/雷曼兄弟公司宣布申请破產保護.md", 1, 0),
    ("2009/05/27/国际空间站第20长期考察组的3名宇航员在哈萨克斯坦拜科努尔发射场乘坐俄罗斯联盟TMA-15载人飞船升空-将使国际空间站常.md", 1, 10),
    ("2010/03/16/位於烏干達首都坎帕拉的世界遺產卡蘇比王陵失火-主建築基本被燒燬.md", 1, 7),
    ("2010/11/4/联合国开发计划署4日发布2010年度人类发展指数-HDI-挪威蝉联榜首-第二至第十位分别是澳大利亚-新西兰-美国-爱.md", 3, 10),
    ("2011/11/16/载有两名俄罗斯和一名美国宇航员的俄罗斯联盟TMA-22飞船与国际空间站成功对接.md", 0, 10),
    ("2013/08/22/中國共產黨中央政治局前委員薄熙來涉嫌貪污瀆職的案件在濟南市中級人民法院開審.md", 1, 10),
    ("2013/12/12/人權觀察和保護記者委員會批評菲律賓總統諾諾-艾奎諾未能確保記者的安全-今年至少已12名記者於菲律賓喪生.md", 1, 10),
    ("2013/12/12/前朝鮮國防委員會副委員長張成澤被判處死刑後立即執行.md", 1, 5),
    ("2013/12/12/四位前冰島銀行的老闆因隱瞞非法行為被判刑-其中包括冰島規模最大的克伊普辛銀行-Bank.md", 1, 10),
    ("2013/12/12/孟加拉處決了在孟加拉國解放戰爭期間犯下強暴-屠殺等罪名的阿卜杜爾-誇德-莫拉-Quader-Molla.md", 1, 7),
    ("2013/12/12/澳洲高等法院裁定同性婚姻於澳洲國內無效.md", 1, 10),
    ("2013/12/12/第71屆金球獎入圍名單出爐.md", 1, 0),
    ("2013/12/12/美军收到错误情报-将也门阿尔贝达省的一个婚礼车队当成基地组织所属-派出无人机轰炸-导致15名平民死亡-超过20人受伤.md", 1, 10),
    ("2014/06/7/2014年科索沃议会选举-parliamentary-election-2014今天拉开大幕.md", 0, 0),
    ("2015/07/10/中國政府開始大規模針對各省市的維權人士與律師進行逮捕-傳喚-刑事拘留.md", 2, 10),
    ("2016/09/28/美軍無人飛機在索馬里中部誤炸索馬里政府軍-造成22名士兵喪生.md", 1, 10),
    ("2017/09/24/緬甸軍方宣佈在若開邦發現一處埋葬28名印度教徒的亂葬崗-軍方稱他們是被若開羅興亞拯救軍殺害.md", 1, 6),
    ("2018/09/17/俄軍一架IL-20電子偵察機在地中海上空被敘利亞的防空導彈錯誤擊落-機上15人全部喪生.md", 1, 10),
    ("2019/07/6/杭州良渚古城遗址成为中国第55项世界遗产-使中国现有世界遗产数量与意大利并列世界第一.md", 1, 10),
];

#[test]
fn each_zh_event_page_gives_its_sources_and_related_items() {
    let mut pages = 0;
    for &(rel, sources, related) in COUNTS {
        let event = event_of(&zh(&format!("news/{rel}")));
        assert_eq!(event.sources.len(), sources, "sources of {rel}");
        assert_eq!(event.related.len(), related, "related of {rel}");
        // Every related item of these pages has its `_消息: …_` tags.
        assert!(
            event.related.iter().all(|r| !r.contexts.is_empty()),
            "{rel}"
        );
        assert_eq!(
            event.path.as_deref(),
            Some(format!("/zh/news/{rel}").as_str())
        );
        assert!(event.extra_sections.is_empty(), "{rel}");
        pages += 1;
    }
    // 44 pages: 29 event pages, 13 day pages, the front page twice.
    assert_eq!(pages, 29);
}

#[test]
fn an_img_after_a_source_is_its_picture_and_tags_are_read() {
    // 泰國代首相頌猜宣布…: `1. [紐約時報](…14bangkok.html) [IMG](…t_logo_291_black.png)`.
    let event = event_of(&zh("news/2008/09/15/泰國代首相頌猜宣布-即日起解除自9月2日開始在首都曼谷地區實施的緊急狀態令.md"));
    assert_eq!(event.sources.len(), 1);
    assert_eq!(event.sources[0].name, "紐約時報");
    assert_eq!(
        event.sources[0].image.as_deref(),
        Some("https://static01.nyt.com/images/icons/t_logo_291_black.png")
    );
    assert_eq!(
        event.image, None,
        "a source's picture is not the Cover Image"
    );
    assert_eq!(event.category.as_deref(), Some("泰国"));
    // Item 8: `_消息: 曼谷, 泰国, 泰国首相, 緊急狀態_`.
    assert_eq!(
        event.related[7].contexts,
        ["曼谷", "泰国", "泰国首相", "緊急狀態"]
    );
    // Seven pages carry one `[IMG](…)` each (grep -c IMG).
    let with_image = zh_pages()
        .iter()
        .filter_map(|p| match parse_file(p).unwrap().document {
            Document::Event(e) => Some(e),
            _ => None,
        })
        .filter(|e| e.sources.iter().any(|s| s.image.is_some()))
        .count();
    assert_eq!(with_image, 7);
}

#[test]
fn day_pages_and_the_front_page_read_in_chinese() {
    // news/2008/09/15/index.md: seven `### [headline](/zh/news/…)` lines,
    // the first with no `#####` line above it, then `## [前一天...](…)`.
    let Document::Day(day) = parse_file(&zh("news/2008/09/15/index.md"))
        .unwrap()
        .document
    else {
        panic!("a day page")
    };
    assert_eq!(day.events.len(), 7);
    assert_eq!(day.events[0].category, None);
    assert_eq!(day.events[1].category.as_deref(), Some("美国银行"));
    assert_eq!(day.previous_day.unwrap().text, "前一天...");
    assert_eq!(day.path.as_deref(), Some("/zh/news/2008/09/15/index.md"));
    // README.md (the front page): 今天 1 item, 昨天 1, 昨天前一天 5, then an
    // empty `前一天...` section that is the previous-day link.
    let Document::FrontPage(front) = parse_file(&zh("README.md")).unwrap().document else {
        panic!("the front page")
    };
    let days: Vec<(String, usize)> = front
        .days()
        .map(|d| (d.label.clone().unwrap(), d.events.len()))
        .collect();
    assert_eq!(
        days,
        [
            ("今天".into(), 1),
            ("昨天".into(), 1),
            ("昨天前一天".into(), 5)
        ]
    );
    assert!(front
        .days()
        .all(|d| CHINESE.relative_days.contains(&d.label.as_deref().unwrap())));
    assert!(front
        .sections
        .iter()
        .any(|s| matches!(s, FrontSection::PreviousDay(l) if l.text == "前一天...")));
}

/// Site mode on the two complete days. news/2008/09/15: 7 event pages, the
/// same 7 lines on index.md and README.md → 7 events. news/2013/12/12: 7
/// pages, 7 lines on each day page → 7 events.
///
/// The twins `雷曼兄弟公司宣布申请破產保護` and
/// `美国第四大投资银行雷曼兄弟宣布申请破产保护` report one piece of news
/// (Lehman Brothers' filing for bankruptcy), but the site keeps them as
/// two items: two pages, two lines on each day page, other sources
/// (新华网 and BBC中文网), one in traditional and one in simplified
/// characters, and the longer one is not a `Topic: headline` twin. No
/// rule that sees them as one would not also join distinct events, so
/// they stay two records (docs/site-mode.md).
#[test]
fn site_mode_on_the_complete_zh_days() {
    for (day, expected) in [("news/2008/09/15", 7), ("news/2013/12/12", 7)] {
        let got = records(&[zh(day).to_str().unwrap()]);
        assert_eq!(got.len(), expected, "{day}");
        assert!(got
            .iter()
            .all(|r| r["id"].as_str().unwrap().starts_with("/zh/news/")));
        // Every record has its page's sources: no day-page-only leftovers.
        assert!(got
            .iter()
            .all(|r| !r["sources"].as_array().unwrap().is_empty()));
    }
    let lehman: Vec<String> = records(&[zh("news/2008/09/15").to_str().unwrap()])
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .filter(|id| id.contains("雷曼兄弟"))
        .collect();
    assert_eq!(
        lehman,
        [
            "/zh/news/2008/09/15/美国第四大投资银行雷曼兄弟宣布申请破产保护",
            "/zh/news/2008/09/15/雷曼兄弟公司宣布申请破產保護"
        ]
    );
    // The whole copy: 29 event pages, 15 lines of the other day pages
    // (1+4+2+1+1+1+2+2+1) and 7 of the front page's days → 51 events;
    // with --pages, one record per page event: 86.
    let root = zh_root();
    assert_eq!(records(&[root.to_str().unwrap()]).len(), 51);
    assert_eq!(records(&[root.to_str().unwrap(), "--pages"]).len(), 86);
}

#[test]
fn an_english_and_a_chinese_site_export_into_one_file_without_collisions() {
    let english = common::corpus_root().join("thecontext");
    let en = records(&[english.to_str().unwrap()]).len();
    let both = records(&[english.to_str().unwrap(), zh_root().to_str().unwrap()]);
    assert_eq!(both.len(), en + 51);
    let ids: HashSet<&str> = both.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), both.len(), "ids are unique");
}

#[test]
fn forcing_english_brings_the_unknown_sections_back() {
    let out = currents()
        .args(["check", "--edition", "en"])
        .arg(zh("news/2008/09/15/雷曼兄弟公司宣布申请破產保護.md"))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    assert!(out.contains("unknown section `### 信息来源:`"), "{out}");
    // Forced Chinese: an English page's site path (from its file) goes
    // under /zh/news/; links as written (a Changes list's) stay as they are.
    let page = common::page("news/2017/06/19/two-people-are-attacked-and-killed-by-black-bears-in-separate-incidents-in-alaska-following-a-rise-in-bear-attacks-in-that-state.md");
    let forced = records(&[page.to_str().unwrap(), "--edition", "zh"]);
    let detected = records(&[page.to_str().unwrap()]);
    assert_eq!(forced.len(), 1);
    let id = |r: &Value| r["id"].as_str().unwrap().to_string();
    assert_eq!(id(&forced[0]), format!("/zh{}", id(&detected[0])));
    assert!(id(&detected[0]).starts_with("/news/2017/06/19/two-people"));
}

fn feed(args: &[&str]) -> String {
    let out = currents()
        .arg("convert")
        .args(args)
        .args(["--site-url", "https://example.org", "-q"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).unwrap()
}

#[test]
fn zh_feeds_speak_chinese_and_link_under_zh() {
    let day = zh("news/2008/09/15");
    let atom = feed(&[day.to_str().unwrap(), "--to", "atom"]);
    assert!(atom.contains("xml:lang=\"zh\""));
    assert!(atom.contains("&lt;h2&gt;信息来源&lt;/h2&gt;"));
    assert!(atom.contains("&lt;h2&gt;有关&lt;/h2&gt;"));
    assert!(atom.contains("&lt;em&gt;消息: "));
    assert!(!atom.contains("Context:") && !atom.contains("&lt;h2&gt;Sources"));
    assert!(atom.contains("href=\"https://example.org/zh/news/2008/09/15/"));
    let rss = feed(&[day.to_str().unwrap(), "--to", "rss"]);
    assert!(rss.contains("<language>zh</language>"));
    let de = feed(&[day.to_str().unwrap(), "--to", "rss", "--language", "de"]);
    assert!(de.contains("<language>de</language>"));
    // English and Chinese in one feed: the default language stays `en`.
    let seed = common::seed();
    let mixed = feed(&[day.to_str().unwrap(), seed.to_str().unwrap(), "--to", "rss"]);
    assert!(mixed.contains("<language>en</language>"));
}

#[test]
fn split_feeds_of_chinese_tags_get_distinct_cjk_file_names() {
    let mut events = Vec::new();
    for page in zh_pages() {
        events.extend(parse_file(&page).unwrap().document.events().cloned());
    }
    let day = events
        .iter()
        .find(|e| e.path.as_deref().is_some_and(|p| p.contains("泰國代首相")))
        .unwrap()
        .clone();
    let mut tagged = day.clone();
    tagged.contexts = vec!["曼谷".into(), "泰国".into(), "泰國".into()];
    let (groups, _) = SplitBy::Context.group(std::slice::from_ref(&tagged));
    let stems: Vec<&str> = groups.iter().map(|g| g.stem.as_str()).collect();
    assert_eq!(stems, ["曼谷", "泰国", "泰國"]);
}

#[test]
fn fmt_keeps_the_chinese_words_and_is_idempotent() {
    let mut formatted = 0;
    for page in zh_pages() {
        let bytes = std::fs::read(&page).unwrap();
        let Ok(Outcome::Formatted { output, .. }) = format_bytes(&bytes, Some(&page), &[]) else {
            panic!("{} is formatted", page.display())
        };
        let input = String::from_utf8(bytes).unwrap();
        for word in ["### 信息来源:", "### 有关:", "_消息: ", "[IMG]("] {
            assert_eq!(
                input.matches(word).count(),
                output.matches(word).count(),
                "{word} in {}",
                page.display()
            );
        }
        for english in ["Source", "Related:", "_Context:"] {
            assert!(!output.contains(english), "{english} in {}", page.display());
        }
        let Ok(Outcome::Formatted {
            output: again,
            changed,
            ..
        }) = format_bytes(output.as_bytes(), Some(&page), &[])
        else {
            panic!("{} formats again", page.display())
        };
        assert!(!changed && again == output, "{}", page.display());
        formatted += 1;
    }
    assert_eq!(formatted, 44);
}

#[test]
fn markdown_export_of_zh_events_is_in_chinese_and_reads_back() {
    let day = zh("news/2013/12/12");
    let out = currents()
        .arg("convert")
        .arg(&day)
        .args(["--to", "md", "-q"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let md = String::from_utf8(out).unwrap();
    // 7 events, each with a 信息来源 list; 6 have a 有关 list (第71屆金球獎… has none).
    assert_eq!(md.matches("### 信息来源:").count(), 7);
    assert_eq!(md.matches("### 有关:").count(), 6);
    assert!(!md.contains("### Source"));
}

#[test]
fn stats_group_events_by_edition() {
    let out = currents()
        .args(["stats", "--json", "-q"])
        .arg(zh_root())
        .arg(common::seed())
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let stats: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(stats["events"], 52);
    assert_eq!(stats["per_edition"][0]["name"], ENGLISH.code);
    assert_eq!(stats["per_edition"][0]["count"], 1);
    assert_eq!(stats["per_edition"][1]["name"], "zh");
    assert_eq!(stats["per_edition"][1]["count"], 51);
}

#[test]
fn the_english_front_page_labels_are_in_the_english_table() {
    // thecontext/README.md: `## [News]`, `## [Yesterday]`, `## [Day Before Yesterday]`.
    let page = common::page("README.md");
    let Document::FrontPage(front) = parse_file(&page).unwrap().document else {
        panic!("the front page")
    };
    let labels: Vec<&str> = front.days().filter_map(|d| d.label.as_deref()).collect();
    assert_eq!(labels, ["News", "Yesterday", "Day Before Yesterday"]);
    assert!(labels.iter().all(|l| ENGLISH.relative_days.contains(l)));
}
