package org.qiao.conformance.console;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;
import org.qiao.conformance.support.AdminClient;
import org.qiao.conformance.support.Browser;
import org.qiao.conformance.support.Engine;
import org.qiao.conformance.support.Hl7;
import org.qiao.conformance.support.Mllp;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The console in a real browser (Debian's Chromium, headless, through Selenium), as each group of its users works:
 * a clinician finds 张三 by hanzi and by pinyin, reads the timeline and opens a lab report; an operator reads the
 * dashboard, the failures in the journal, retries dead letters and decides a review pair; an auditor filters the
 * audit trail; the health authority reads a chart and is refused a resident's page; the English switch.
 * Screenshots go to conformance-tests/target/screenshots (docs/console with -Dqiao.screenshots.dir=docs/console).
 */
@Tag("browser")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {

    static Engine engine;
    static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        engine = Engine.start("--qiao.pix.matching.enabled=true", "--qiao.pix.matching.upper=1000",
                "--qiao.pix.matching.lower=12",
                "--qiao.pix.subscribers[0].name=hosp-c-adt", "--qiao.pix.subscribers[0].host=127.0.0.1",
                "--qiao.pix.subscribers[0].port=" + Engine.freePort(),
                "--qiao.outbox.poll-interval=100ms", "--qiao.outbox.first-backoff=50ms",
                "--qiao.outbox.max-backoff=100ms", "--qiao.outbox.max-attempts=2",
                "--qiao.statistics.roll-up-interval=1s");
        ConsoleData.feedSamples(engine);
        ConsoleData.provideNote(engine, ConsoleData.ZHANG_SAN);
        // one resident at two hospitals, hanzi at one and pinyin at the other: a pair for the review queue
        for (var m : new String[][] {{"R70001^^^" + Hl7.HOSP_A, "赵", "云"}, {"R80001^^^" + Hl7.HOSP_B, "ZHAO", "YUN"}}) {
            var ack = Mllp.exchange(engine.mllpPort, Hl7.adt("A01", Hl7.controlId(), m[0], m[1], m[2])
                    .replace("||19850612|F|", "||19700521|M|").replace("028-85551234", "13970052100"));
            assertThat(Hl7.field(ack, "MSA", 1)).as(ack).isEqualTo("AA");
        }
        var refused = Mllp.exchange(engine.mllpPort, "MSH|^~\\&|HIS_X|HOSP_B|QIAO|REGION|" + Hl7.now()
                + "||ADT^A01^ADT_A01|" + Hl7.controlId() + "|P|2.3.1\rEVN|A01|" + Hl7.now() + "\rPID|||||无^名\r");
        assertThat(Hl7.field(refused, "MSA", 1)).isIn("AE", "AR");
        browser = new Browser(engine);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        engine.close();
    }

    @Test
    @Order(1)
    void aClinicianFindsZhangSanByHanziAndByPinyin() throws Exception {
        browser.open("/login");
        browser.find(By.id("username"));
        browser.screenshot("login");
        browser.signIn(Engine.CLINICIAN);
        assertThat(browser.driver.getCurrentUrl()).endsWith("/residents");
        browser.find(By.id("q")).sendKeys("张三");
        browser.find(By.id("search")).click();
        browser.waitForText(By.id("results"), ConsoleData.ZHANG_SAN);
        assertThat(browser.find(By.id("results")).getText()).contains("张三").contains("男").contains("1985-06-12");
        browser.screenshot("residents");

        browser.find(By.id("q")).clear();
        browser.find(By.id("q")).sendKeys("zhang");
        browser.find(By.id("search")).click();
        browser.waitForText(By.id("results"), "张三");
    }

    @Test
    @Order(2)
    void theTimelineOpensALabReportAndFilters() throws Exception {
        browser.find(By.linkText(ConsoleData.ZHANG_SAN)).click();
        browser.waitForText(By.id("regional-id"), ConsoleData.ZHANG_SAN);
        browser.waitForText(By.id("timeline-entries"), "血常规");
        var timeline = browser.find(By.id("timeline-entries")).getText();
        assertThat(timeline).contains("入院").contains("出院").contains("检验报告").contains(ConsoleData.PROVIDED_TITLE);
        assertThat(browser.find(By.id("identifiers")).getText()).contains("M20260001").contains("B00045871");
        browser.screenshot("resident");

        new Select(browser.find(By.id("kind"))).selectByValue("lab");
        browser.find(By.id("filter")).click();
        await().atMost(Duration.ofSeconds(20)).until(() ->
                browser.driver.findElements(By.cssSelector("#timeline-entries tr.entry")).stream()
                        .allMatch(r -> r.getAttribute("class").contains("entry-lab")));
        var lab = browser.find(By.cssSelector("tr.entry-lab a.open-html")).getAttribute("href");
        browser.driver.get(lab);
        browser.waitForText(By.tagName("body"), "血常规");
        assertThat(browser.pageText()).contains("张三");
        browser.screenshot("lab-report");
        browser.driver.navigate().back();
    }

    @Test
    @Order(3)
    void theConsoleSpeaksEnglishWhenAsked() throws Exception {
        browser.open("/residents/" + ConsoleData.ZHANG_SAN);
        browser.find(By.id("lang-en")).click();
        browser.waitForText(By.tagName("h1"), "Resident");
        browser.waitForText(By.id("timeline-entries"), "Lab report");
        assertThat(browser.pageText()).contains("Male").contains("Lifetime timeline");
        browser.screenshot("resident-en");
        browser.find(By.id("lang-zh")).click();
        browser.waitForText(By.tagName("h1"), "居民健康档案");
        browser.signOut();
    }

    @Test
    @Order(4)
    void anOperatorReadsTheDashboardAndWhatFailed() throws Exception {
        browser.signIn(Engine.OPERATOR);
        browser.open("/dashboard");
        browser.waitForText(By.id("health-status"), "正常");
        browser.waitForText(By.id("traffic"), "ITI-8");
        await().atMost(Duration.ofSeconds(20)).until(() -> !browser.find(By.id("chart")).getAttribute("data-drawn").isEmpty());
        assertThat(browser.find(By.id("chart")).getAttribute("data-drawn")).doesNotStartWith("error");
        // the engine processes on this database: here the one answering, serving
        browser.waitForText(By.id("nodes"), "服务中");
        assertThat(browser.find(By.id("nodes")).getText()).contains("当前");
        browser.screenshot("dashboard");

        browser.open("/journal");
        new Select(browser.find(By.id("outcome"))).selectByValue("FAILED");
        browser.find(By.id("search")).click();
        browser.waitForText(By.id("journal"), "HIS_X");
        assertThat(browser.find(By.id("journal")).getText()).doesNotContain("AA 接受");
        browser.screenshot("journal");
        browser.find(By.cssSelector("#journal a.entry-link")).click();
        browser.waitForText(By.id("raw"), "MSH|");
        assertThat(browser.find(By.id("response")).getText()).contains("MSA|A");
        browser.screenshot("journal-message");

        browser.open("/journal/failures");
        browser.waitForText(By.id("failures"), "HIS_X");
        browser.screenshot("failures");

        browser.open("/journal?from=yesterday");
        browser.waitForText(By.id("problem"), "from");
    }

    @Test
    @Order(5)
    void anOperatorRetriesDeadLetters() throws Exception {
        var admin = new AdminClient(engine, Engine.OPERATOR);
        await().atMost(Duration.ofSeconds(60)).until(() -> admin.json("/api/outbox/messages?status=DEAD").size() >= 2);
        long dead = admin.json("/api/outbox/messages?status=DEAD").size();
        browser.open("/outbox");
        browser.waitForText(By.id("depths"), "hosp-c-adt");
        assertThat(browser.find(By.id("messages")).getText()).contains("ITI-10");
        browser.screenshot("outbox");
        browser.find(By.id("retry-selected")).click();
        browser.waitForText(By.id("nothing-selected"), "未选择");
        browser.find(By.id("select-all")).click();
        browser.find(By.id("retry-selected")).click();
        browser.waitForText(By.id("retried"), "已重新排队 " + dead + " 条");
        assertThat(admin.json("/api/outbox/messages?status=DEAD").size()).isLessThan((int) dead);
    }

    @Test
    @Order(6)
    void anOperatorDecidesAReviewPairSideBySide() throws Exception {
        browser.open("/review");
        browser.waitForText(By.id("open-count"), "待审核");
        var pair = browser.find(By.cssSelector(".pair"));
        assertThat(pair.findElement(By.cssSelector(".record")).getText()).isNotBlank();
        assertThat(pair.findElement(By.cssSelector(".candidate")).getText()).isNotBlank();
        assertThat(browser.find(By.cssSelector(".pair .weights")).getText()).contains("出生日期");
        var zhao = browser.driver.findElements(By.cssSelector(".pair")).stream()
                .filter(p -> p.getText().contains("ZHAO")).findFirst().orElseThrow();
        browser.screenshot("review");
        browser.click(zhao.findElement(By.cssSelector(".review-link")));
        browser.driver.switchTo().alert().accept();
        browser.waitForText(By.id("linked"), "已关联");
        browser.click(browser.find(By.cssSelector(".pair .review-separate")));
        browser.waitForText(By.id("separated"), "不同的人");
        browser.signOut();
    }

    @Test
    @Order(7)
    void anAuditorFiltersTheAuditTrail() throws Exception {
        browser.signIn(Engine.AUDITOR);
        assertThat(browser.driver.getCurrentUrl()).endsWith("/audit");
        browser.find(By.id("user")).sendKeys(Engine.CLINICIAN);
        browser.find(By.id("eventType")).sendKeys("RECORD-READ");
        browser.find(By.id("search")).click();
        browser.waitForText(By.id("records"), ConsoleData.ZHANG_SAN);
        assertThat(browser.find(By.id("records")).getText()).contains("读取").contains(Engine.CLINICIAN);
        browser.screenshot("audit");
        browser.find(By.cssSelector("#records a.record-link")).click();
        browser.waitForText(By.id("raw"), "AuditMessage");
        browser.signOut();
    }

    @Test
    @Order(8)
    void theHealthAuthorityReadsAChartAndIsRefusedAResidentsPage() throws Exception {
        browser.signIn(Engine.AUTHORITY);
        assertThat(browser.driver.getCurrentUrl()).contains("/statistics");
        new Select(browser.find(By.id("measure"))).selectByValue("lab-results");
        browser.find(By.id("from")).clear();
        browser.find(By.id("from")).sendKeys("2026-11-01");
        browser.find(By.id("show")).click();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            browser.driver.navigate().refresh();
            return browser.find(By.id("total")).getText().contains("4");
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> "4".equals(browser.find(By.id("chart")).getAttribute("data-drawn")));
        browser.screenshot("statistics");

        browser.open("/residents/" + ConsoleData.ZHANG_SAN);
        browser.waitForText(By.tagName("body"), "无权访问");
        assertThat(browser.pageText()).doesNotContain("M20260001");
        browser.screenshot("forbidden");
    }
}
