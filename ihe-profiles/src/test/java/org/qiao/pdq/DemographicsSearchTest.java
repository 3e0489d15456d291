package org.qiao.pdq;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.qiao.pix.Demographics;
import org.qiao.pix.Identifier;
import org.qiao.pdq.DemographicsSearchStore.DemographicsCriteria;
import org.qiao.pdq.DemographicsSearchStore.DemographicsMatch;
import org.qiao.pix.PersonIndexStore;
import org.qiao.support.TestDatabase;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The PDQ search of the patient index (DemographicsSearchStore.findByDemographics), on H2 or PostgreSQL. */
class DemographicsSearchTest {

    private TestDatabase db;
    private PersonIndexStore store;
    private DemographicsSearchStore search;

    @BeforeEach
    void setUp() throws Exception {
        db = new TestDatabase();
        store = new PersonIndexStore(db.jdbc);
        search = new DemographicsSearchStore(db.jdbc);
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    /** A person with one source record keyed by {@code key} and the given extra identifiers. */
    private long person(Identifier key, String family, String given, String birth, String sex, String city,
                        Identifier... others) {
        return db.tx.execute(s -> {
            var person = store.createPerson();
            var record = store.upsertRecord(person, key, new Demographics(family, given, birth, sex, "Main St 1",
                    city, null, "610000", "CHN", "028-1", "ACC-" + key.value(), null, null, null, null, null, null,
                    null, null));
            store.upsertIdentifier(key, person, record);
            for (var id : others) {
                store.upsertIdentifier(id, person, null);
            }
            return person;
        });
    }

    private static DemographicsCriteria name(String family, String given) {
        return new DemographicsCriteria(family, given, null, null, null, null, null, null, null, null, Set.of(), null);
    }

    private List<Long> persons(DemographicsCriteria c) {
        return search.findByDemographics(c, 100).stream().map(DemographicsMatch::personId).toList();
    }

    @Test
    void namesCompareTrimmedAndCaseInsensitivelyWithATrailingWildcard() {
        var smith = person(new Identifier("1", "a"), "Smith", "John", "19700101", "M", "Chengdu");
        var smithers = person(new Identifier("2", "a"), "SMITHERS", "Anna", "19700101", "F", "Chengdu");
        var zhang = person(new Identifier("3", "a"), "张", "三", "19850612", "M", "成都市");
        var zhangsan = person(new Identifier("4", "a"), "张三丰", "三", "19850612", "M", "成都市");

        assertThat(persons(name(" smith ", null))).containsExactly(smith);
        assertThat(persons(name("smith*", null))).containsExactly(smith, smithers);
        assertThat(persons(name("SMITH*", "ann*"))).containsExactly(smithers);
        assertThat(persons(name("张", "三"))).containsExactly(zhang);
        assertThat(persons(name("张*", null))).containsExactly(zhang, zhangsan);
        // LIKE's own metacharacters are plain text
        assertThat(persons(name("SMIT_", null))).isEmpty();
        assertThat(persons(name("%*", null))).isEmpty();
        assertThat(persons(name("S_ITH*", null))).isEmpty();
        // "*" alone asks for nothing in particular: with another criterion it is ignored
        assertThat(persons(name("*", "John"))).containsExactly(smith);
    }

    @Test
    void birthDaySexCityPhoneAccount() {
        var her = person(new Identifier("1", "a"), "Li", "Na", "199001010830", "F", "Chengdu");
        person(new Identifier("2", "a"), "Li", "Na", "19900101", "M", "Chongqing");

        assertThat(persons(new DemographicsCriteria("li", null, "19900101", "f", null, null, null, null, null, null,
                Set.of(), null))).containsExactly(her);
        assertThat(persons(new DemographicsCriteria(null, null, null, null, "main st 1", "chengdu", "610000",
                "028-1", null, null, Set.of(), null))).containsExactly(her);
        assertThat(persons(new DemographicsCriteria(null, null, null, null, null, null, null, null, "ACC-1", null,
                Set.of(), null))).containsExactly(her);
    }

    @Test
    void aBirthDayRangeIsInclusiveAndOpenEndedOnEitherSide() {
        var early = person(new Identifier("1", "a"), "Li", "Na", "19850101", "F", "Chengdu");
        var late = person(new Identifier("2", "a"), "Li", "Na", "19851231120000", "F", "Chengdu");
        person(new Identifier("3", "a"), "Li", "Na", null, "F", "Chengdu");
        assertThat(persons(range("li", "19850101", "19851231"))).containsExactly(early, late);
        assertThat(persons(range(null, "19850102", null))).containsExactly(late);
        assertThat(persons(range(null, null, "19850101"))).containsExactly(early);
        // the name-key branch (a name repetition) is bounded the same way
        assertThat(persons(range("li*", "19860101", null))).isEmpty();
    }

    private static DemographicsCriteria range(String family, String from, String to) {
        return new DemographicsCriteria(family, null, null, null, null, null, null, null, null, null, Set.of(), null,
                from, to);
    }

    @Test
    void identifiersAndReturnedDomains() {
        var both = person(new Identifier("A1", "a"), "Wu", "Yi", null, null, null, new Identifier("B1", "b"));
        var onlyA = person(new Identifier("A2", "a"), "Wu", "Er", null, null, null);

        var byId = new DemographicsCriteria(null, null, null, null, null, null, null, null, null,
                new Identifier("B1", "b"), Set.of(), null);
        assertThat(persons(byId)).containsExactly(both);
        var anyDomain = new DemographicsCriteria(null, null, null, null, null, null, null, null, null,
                new Identifier("A2", null), Set.of(), null);
        assertThat(persons(anyDomain)).containsExactly(onlyA);
        var wrongDomain = new DemographicsCriteria(null, null, null, null, null, null, null, null, null,
                new Identifier("A2", "b"), Set.of(), null);
        assertThat(persons(wrongDomain)).isEmpty();

        // QPD-8: persons with no identifier in the requested domains are not matches
        assertThat(persons(new DemographicsCriteria("wu", null, null, null, null, null, null, null, null, null,
                Set.of("b"), null))).containsExactly(both);
        assertThat(persons(new DemographicsCriteria("wu", null, null, null, null, null, null, null, null, null,
                Set.of("a", "b"), null))).containsExactly(both, onlyA);
    }

    @Test
    void onePersonPerMatchWithItsNewestMatchingRecordAndRetiredRecordsNeverMatch() {
        var person = person(new Identifier("A1", "a"), "Zhou", "Jiu", null, null, null);
        var second = db.tx.execute(s -> {
            var key = new Identifier("B1", "b");
            var id = store.upsertRecord(person, key, new Demographics("Zhou", "Jiu", null, null, null, null, null, null,
                    null, null, null, null, null, null, null, null, null, null, null));
            store.upsertIdentifier(key, person, id);
            return id;
        });
        var matches = search.findByDemographics(name("zhou", null), 100);
        assertThat(matches).containsExactly(new DemographicsMatch(person, second));
        assertThat(store.record(second).orElseThrow().key()).isEqualTo(new Identifier("B1", "b"));

        var merged = person(new Identifier("A9", "a"), "Zhou", "Shi", null, null, null);
        db.tx.executeWithoutResult(s -> store.retireIdentifier(new Identifier("A9", "a"), person));
        assertThat(persons(name("zhou", "shi"))).isEmpty();
        assertThat(merged).isNotEqualTo(person);
    }

    @Test
    void theMigrationFillsTheSearchColumnsOfRecordsFedBeforeIt() throws Exception {
        try (var old = new TestDatabase("4")) {
            var now = java.time.OffsetDateTime.now();
            old.jdbc.update("INSERT INTO person (id, created_at, updated_at) VALUES (1, ?, ?)", now, now);
            old.jdbc.update("""
                    INSERT INTO patient_record (person_id, domain_code, id_value, status, family_name, given_name,
                        birth_date, sex, street, city, postal_code, patient_class, location, attending, visit_number,
                        updated_at)
                    VALUES (1, 'a', 'OLD1', 'ACTIVE', ' Smith ', 'Anna', '197001011230', 'F', 'Main St', 'Chengdu',
                        '610000', 'I', 'NEI^0301^02^HOSP_A', 'D0087^Wang^Jianguo', 'V1', ?)""", now);
            old.jdbc.update("INSERT INTO patient_identifier (domain_code, id_value, person_id, status, assigned_at) "
                    + "VALUES ('a', 'OLD1', 1, 'ACTIVE', ?)", now);
            old.migrate();
            var migrated = new DemographicsSearchStore(old.jdbc);
            assertThat(migrated.findByDemographics(new DemographicsCriteria("smith", "ANNA", "19700101", "F",
                    "main st", "chengdu", "610000", null, null, null, Set.of(),
                    new DemographicsSearchStore.VisitCriteria("I", "NEI", "D0087", "V1")), 10))
                    .extracting(DemographicsMatch::personId).containsExactly(1L);
        }
    }

    @Test
    void visitCriteriaCompareClassPointOfCareAttendingAndVisitNumber() {
        var inpatient = db.tx.execute(s -> {
            var person = store.createPerson();
            var key = new Identifier("1", "a");
            var record = store.upsertRecord(person, key, new Demographics("Ma", "Yi", null, null, null, null, null,
                    null, null, null, null, "I", "NEI^0301^02^HOSP_A", "V1", "D0087^Wang^Jianguo", null, null, null,
                    null));
            store.upsertIdentifier(key, person, record);
            return person;
        });
        person(new Identifier("2", "a"), "Ma", "Er", null, null, null);
        var visit = new DemographicsCriteria("ma", null, null, null, null, null, null, null, null, null, Set.of(),
                new DemographicsSearchStore.VisitCriteria("I", "NEI", "D0087", "V1"));
        assertThat(persons(visit)).containsExactly(inpatient);
        assertThat(persons(new DemographicsCriteria(null, null, null, null, null, null, null, null, null, null,
                Set.of(), new DemographicsSearchStore.VisitCriteria(null, "NEI^0301", null, null)))).isEmpty();
        assertThat(persons(new DemographicsCriteria("ma", null, null, null, null, null, null, null, null, null,
                Set.of(), new DemographicsSearchStore.VisitCriteria(null, null, null, null)))).hasSize(2);
    }

    @Test
    void atMostMaxPersonsOldestFirst() {
        var first = person(new Identifier("1", "a"), "Chen", "1", null, null, null);
        var second = person(new Identifier("2", "a"), "Chen", "2", null, null, null);
        person(new Identifier("3", "a"), "Chen", "3", null, null, null);
        assertThat(search.findByDemographics(name("chen", null), 2)).extracting(DemographicsMatch::personId)
                .containsExactly(first, second);
    }

    // PID-5 in two scripts (HL7 v2.5 2.A.89 XPN: hanzi with XPN-8 I, pinyin with P), PID-11 / -13 repetitions

    /** 𠮷 (U+20BB7) and 𪚥 (U+2A6A5) lie outside the BMP: two Java chars each, one character in a database. */
    private static final String TSUCHIYOSHI = "\uD842\uDFB7";
    private static final String ZHE = "\uD869\uDEA5";

    private static Demographics demographics(String family, String given, String birth, List<String> names,
                                             List<String> addresses, List<String> phones) {
        return new Demographics(family, given, birth, "M", "红星路51号", "成都市", null, "610000", "CHN", "028-1", null,
                null, null, null, null, null, null, null, null, names, addresses, phones);
    }

    private long[] recorded(Identifier key, Demographics d) {
        return db.tx.execute(s -> {
            var person = store.createPerson();
            var record = store.upsertRecord(person, key, d);
            store.upsertIdentifier(key, person, record);
            return new long[] {person, record};
        });
    }

    @Test
    void everyRepetitionIsKeptAsSentAndFoundByAnyOfItsNames() {
        var names = List.of("张^三^^^^^L^I", "ZHANG^SAN^^^^^L^P");
        var addresses = List.of("红星路51号^^成都市^^610000^CHN^H", "Hongxing Rd 51^^Chengdu^^610000^CHN^H");
        var phones = List.of("028-1^PRN^PH", "13800000000^PRN^CP");
        var zhang = recorded(new Identifier("1", "a"), demographics("张", "三", "19850612", names, addresses, phones));
        var other = recorded(new Identifier("2", "a"), demographics("王", "小明", "19850612",
                List.of("王^小明^^^^^L^I", "WANG^XIAO MING^^^^^L^P"), List.of(), List.of()));
        var single = recorded(new Identifier("3", "a"), demographics("ZHANGSAN", null, "19900101",
                List.of(), List.of(), List.of()));

        var stored = store.record(zhang[1]).orElseThrow().demographics();
        assertThat(stored.names()).containsExactlyElementsOf(names);
        assertThat(stored.addresses()).containsExactlyElementsOf(addresses);
        assertThat(stored.phones()).containsExactlyElementsOf(phones);

        assertThat(persons(name("张", null))).containsExactly(zhang[0]);
        assertThat(persons(name("张", "三"))).containsExactly(zhang[0]);
        assertThat(persons(name("ZHANG", null))).containsExactly(zhang[0]);
        assertThat(persons(name("zhang", "san"))).containsExactly(zhang[0]);
        assertThat(persons(name(" Zhang ", "SAN*"))).containsExactly(zhang[0]);
        assertThat(persons(name("zha*", null))).containsExactly(zhang[0], single[0]);
        // with or without spaces, in either direction
        assertThat(persons(name("wang", "xiaoming"))).containsExactly(other[0]);
        assertThat(persons(name("WANG", "Xiao Ming"))).containsExactly(other[0]);
        assertThat(persons(name("zhang san", null))).containsExactly(single[0]);
        // family and given must come from one repetition; the birth date from the record
        assertThat(persons(name("张", "SAN"))).isEmpty();
        assertThat(persons(name("ZHANG", "小明"))).isEmpty();
        assertThat(persons(new DemographicsCriteria("ZHANG", null, "19850612", null, null, null, null, null, null,
                null, Set.of(), null))).containsExactly(zhang[0]);
        assertThat(persons(new DemographicsCriteria("ZHANG", null, "19850613", null, null, null, null, null, null,
                null, Set.of(), null))).isEmpty();
        // a person matching by two repetitions is one person
        assertThat(search.findByDemographics(name("*", "S*"), 100)).extracting(DemographicsMatch::personId)
                .containsExactly(zhang[0]);
    }

    @Test
    void theLimitCountsPersonsFoundByEitherNameOnce() {
        // 1 and 3 by their first name, 2 by its pinyin repetition only, 1 by both
        var first = recorded(new Identifier("1", "a"), demographics("ZHAO", "YI", null,
                List.of("ZHAO^YI^^^^^L^P", "赵^一^^^^^L^I"), List.of(), List.of()));
        var second = recorded(new Identifier("2", "a"), demographics("赵", "二", null,
                List.of("赵^二^^^^^L^I", "ZHAO^ER^^^^^L^P"), List.of(), List.of()));
        recorded(new Identifier("3", "a"), demographics("ZHAO", "SAN", null, List.of(), List.of(), List.of()));
        var newer = db.tx.execute(s -> store.upsertRecord(first[0], new Identifier("1", "b"), demographics("ZHAO",
                "YI", null, List.of(), List.of(), List.of())));

        assertThat(search.findByDemographics(name("zhao*", null), 2)).containsExactly(
                new DemographicsMatch(first[0], newer), new DemographicsMatch(second[0], second[1]));
        assertThat(search.findByDemographics(name("zhao*", null), 1)).extracting(DemographicsMatch::personId)
                .containsExactly(first[0]);
    }

    /**
     * H2 2.3 re-plans a derived table holding {@code LIKE ?} on each execution of a cached statement and keeps
     * every plan in its session until another statement is parsed: one pooled connection answering prefix
     * searches filled a 512 MB heap within minutes. The engine's default store is H2, so this runs on H2 whichever
     * store the suite is testing.
     */
    @Test
    void aConnectionAnsweringPrefixSearchesKeepsNoPlanPerSearch() throws Exception {
        var dir = java.nio.file.Files.createTempDirectory("qiao-h2-plans-");
        var url = "jdbc:h2:file:" + dir.resolve("t") + ";WRITE_DELAY=0";
        org.flywaydb.core.Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/migration").load()
                .migrate();
        try (var connection = java.sql.DriverManager.getConnection(url, "sa", "")) {
            var one = new org.springframework.jdbc.datasource.SingleConnectionDataSource(connection, true);
            var jdbc = new org.springframework.jdbc.core.JdbcTemplate(one);
            var h2Store = new PersonIndexStore(jdbc);
            var person = h2Store.createPerson();
            h2Store.upsertRecord(person, new Identifier("1", "a"), demographics("张", "三", "19850612",
                    List.of("张^三^^^^^L^I", "ZHANG^SAN^^^^^L^P"), List.of(), List.of()));
            var h2Search = new DemographicsSearchStore(jdbc);
            var session = connection.unwrap(org.h2.jdbc.JdbcConnection.class).getSession();
            var plans = session.getClass().getDeclaredField("derivedTableIndexCache");
            plans.setAccessible(true);

            for (int i = 0; i < 500; i++) {
                var criteria = new DemographicsCriteria(i % 2 == 0 ? "zh*" : "张*", null, "19850612", null, null,
                        null, null, null, null, null, Set.of(), null);
                assertThat(h2Search.findByDemographics(criteria, 10)).extracting(DemographicsMatch::personId)
                        .containsExactly(person);
            }
            var kept = (java.util.Map<?, ?>) plans.get(session);
            assertThat(kept == null ? 0 : kept.size()).as("plans kept by the H2 session").isLessThan(10);
        }
    }

    @Test
    void aRefeedReplacesTheNames() {
        var key = new Identifier("1", "a");
        var first = recorded(key, demographics("张", "三", null, List.of("张^三^^^^^L^I", "ZHANG^SAN^^^^^L^P"),
                List.of(), List.of()));
        db.tx.executeWithoutResult(s -> store.upsertRecord(first[0], key, demographics("张", "珊", null,
                List.of("张^珊^^^^^L^I", "ZHANG^SHAN^^^^^L^P"), List.of(), List.of())));

        assertThat(persons(name("zhang", "san"))).isEmpty();
        assertThat(persons(name("zhang", "shan"))).containsExactly(first[0]);
        assertThat(store.record(first[1]).orElseThrow().demographics().names())
                .containsExactly("张^珊^^^^^L^I", "ZHANG^SHAN^^^^^L^P");
    }

    @Test
    void charactersOutsideTheBmpSurviveStorageAndSearch() {
        var names = List.of(TSUCHIYOSHI + "^" + ZHE + "三^^^^^L^I", "JI^ZHESAN^^^^^L^P");
        var p = recorded(new Identifier("1", "a"), demographics(TSUCHIYOSHI, ZHE + "三", "19850612", names,
                List.of(TSUCHIYOSHI + "路1号^^成都市"), List.of()));
        var q = recorded(new Identifier("2", "a"), demographics("吉", "三", "19850612", List.of(), List.of(), List.of()));

        var stored = store.record(p[1]).orElseThrow().demographics();
        assertThat(stored.familyName()).isEqualTo(TSUCHIYOSHI);
        assertThat(stored.givenName()).isEqualTo(ZHE + "三");
        assertThat(stored.names()).containsExactlyElementsOf(names);
        assertThat(stored.addresses()).containsExactly(TSUCHIYOSHI + "路1号^^成都市");
        assertThat(persons(name(TSUCHIYOSHI, null))).containsExactly(p[0]);
        assertThat(persons(name(TSUCHIYOSHI, ZHE + "*"))).containsExactly(p[0]);
        assertThat(persons(name(null, ZHE + "三"))).containsExactly(p[0]);
        assertThat(persons(name("ji", "zhe san"))).containsExactly(p[0]);
        assertThat(persons(name("吉", null))).containsExactly(q[0]);
    }

    @Test
    void theMigrationGivesStoredNamesWithSpacesTheirKeys() throws Exception {
        db.close();
        db = new TestDatabase("10");
        db.jdbc.update("INSERT INTO person (id, created_at, updated_at) VALUES (1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
        db.jdbc.update("""
                INSERT INTO patient_record (person_id, domain_code, id_value, status, family_name, given_name,
                    family_name_norm, given_name_norm, birth_day, updated_at)
                VALUES (1, 'a', '1', 'ACTIVE', 'Wang', 'Xiao Ming', 'WANG', 'XIAO MING', '19850612', CURRENT_TIMESTAMP)""");
        db.migrate();
        store = new PersonIndexStore(db.jdbc);
        search = new DemographicsSearchStore(db.jdbc);

        assertThat(persons(name("wang", "xiaoming"))).containsExactly(1L);
        assertThat(persons(name("wang", "xiao ming"))).containsExactly(1L);
    }
}
