package org.qiao.pdq;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.qiao.pdq.DemographicsSearchStore.DemographicsCriteria;
import org.qiao.pdq.DemographicsSearchStore.DemographicsMatch;
import org.qiao.pix.Demographics;
import org.qiao.pix.Identifier;
import org.qiao.pix.PersonIndexStore;
import org.qiao.support.TestDatabase;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PID-5 in two scripts (HL7 v2.5 2.A.89 XPN: hanzi with XPN-8 I, pinyin with P), and PID-11 / PID-13 repetitions:
 * kept as sent with each source record and found by any name, on H2 or PostgreSQL (qiao.test.db=postgres).
 */
class NameRepetitionsSearchTest {

    /** 𠮷 (U+20BB7) and 𪚥 (U+2A6A5) lie outside the BMP: two Java chars each, one character in a database. */
    private static final String TSUCHIYOSHI = "\uD842\uDFB7";
    private static final String ZHE = "\uD869\uDEA5";

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

    private static Demographics demographics(String family, String given, String birth, List<String> names,
                                             List<String> addresses, List<String> phones) {
        return new Demographics(family, given, birth, "M", "红星路51号", "成都市", null, "610000", "CHN", "028-1", null,
                null, null, null, null, null, null, null, null, names, addresses, phones);
    }

    private long[] person(Identifier key, Demographics d) {
        return db.tx.execute(s -> {
            var person = store.createPerson();
            var record = store.upsertRecord(person, key, d);
            store.upsertIdentifier(key, person, record);
            return new long[] {person, record};
        });
    }

    private static DemographicsCriteria name(String family, String given) {
        return new DemographicsCriteria(family, given, null, null, null, null, null, null, null, null, Set.of(), null);
    }

    private List<Long> persons(DemographicsCriteria c) {
        return search.findByDemographics(c, 100).stream().map(DemographicsMatch::personId).toList();
    }

    @Test
    void everyRepetitionIsKeptAsSentAndFoundByAnyOfItsNames() {
        var names = List.of("张^三^^^^^L^I", "ZHANG^SAN^^^^^L^P");
        var addresses = List.of("红星路51号^^成都市^^610000^CHN^H", "Hongxing Rd 51^^Chengdu^^610000^CHN^H");
        var phones = List.of("028-1^PRN^PH", "13800000000^PRN^CP");
        var zhang = person(new Identifier("1", "a"), demographics("张", "三", "19850612", names, addresses, phones));
        var other = person(new Identifier("2", "a"), demographics("王", "小明", "19850612",
                List.of("王^小明^^^^^L^I", "WANG^XIAO MING^^^^^L^P"), List.of(), List.of()));
        var single = person(new Identifier("3", "a"), demographics("ZHANGSAN", null, "19900101",
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
    void aRefeedReplacesTheNames() {
        var key = new Identifier("1", "a");
        var first = person(key, demographics("张", "三", null, List.of("张^三^^^^^L^I", "ZHANG^SAN^^^^^L^P"),
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
        var p = person(new Identifier("1", "a"), demographics(TSUCHIYOSHI, ZHE + "三", "19850612", names,
                List.of(TSUCHIYOSHI + "路1号^^成都市"), List.of()));
        var q = person(new Identifier("2", "a"), demographics("吉", "三", "19850612", List.of(), List.of(), List.of()));

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
