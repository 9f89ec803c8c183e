namespace PgSnap.Tests.RoundTrip;

/// <summary>
/// SQL for values that break naive dump and restore code: COPY escapes, the <c>\.</c> end marker, special floats,
/// every byte value, arrays, unicode, awkward identifiers, a zero-column table, a big table, time zones.
/// Each case is one name and the SQL that creates it (rows included).
/// </summary>
internal static class NastyValues
{
    public static readonly IReadOnlyDictionary<string, string> Cases = new Dictionary<string, string>
    {
        ["null vs empty"] = """
CREATE TABLE t_null (id int PRIMARY KEY, a text, b varchar(5), c char(3));
INSERT INTO t_null VALUES (1, NULL, NULL, NULL), (2, '', '', ''), (3, ' ', ' ', ' '), (4, 'NULL', 'null', 'N'), (5, E'\\N', E'\\N', E'\\N');
""",
        ["control characters and backslashes"] = """
CREATE TABLE t_ctrl (id int PRIMARY KEY, v text);
INSERT INTO t_ctrl VALUES
  (1, E'tab\there'), (2, E'new\nline'), (3, E'carriage\rreturn'), (4, E'crlf\r\n'), (5, E'back\\slash'),
  (6, E'\\\\double'), (7, E'trailing\\'), (8, E'\\t literal backslash-t'), (9, E'\x01\x02\x1f\x7f'),
  (10, E'form\ffeed\bback'), (11, E'\n'), (12, E'\t'), (13, E'\r'), (14, E'\\'), (15, E'a\n\n\nb');
""",
        ["copy end marker"] = """
CREATE TABLE t_marker (id int PRIMARY KEY, v text);
INSERT INTO t_marker VALUES
  (1, E'\\.'), (2, E'\\.starts'), (3, E'line\n\\.\nafter'), (4, E'\\.\n'), (5, E'\n\\.'), (6, '.'), (7, E'\\\\.');
""",
        ["special floats"] = """
CREATE TABLE t_float (id int PRIMARY KEY, f4 real, f8 double precision, n numeric, n2 numeric(10, 3));
INSERT INTO t_float VALUES
  (1, 'NaN', 'NaN', 'NaN', 'NaN'), (2, 'Infinity', 'Infinity', 'Infinity', NULL), (3, '-Infinity', '-Infinity', '-Infinity', NULL),
  (4, '-0', '-0', '-0', '-0'), (5, 1.17549435e-38, 4.9e-324, 1e-1000, 0.001), (6, 3.4028235e38, 1.7976931348623157e308, 1e1000, 9999999.999),
  (7, 0.1, 0.1, 0.1, 0.1), (8, 1.0/3, 1.0/3, 1.0/3, 1.0/3);
""",
        ["bytea every byte"] = """
CREATE TABLE t_bytea (id int PRIMARY KEY, b bytea);
INSERT INTO t_bytea SELECT 1, string_agg(set_byte('\x00'::bytea, 0, g), ''::bytea ORDER BY g) FROM generate_series(0, 255) g;
INSERT INTO t_bytea VALUES (2, ''), (3, NULL), (4, '\x5c2e0a'), (5, decode(repeat('00ff', 50000), 'hex'));
""",
        ["arrays"] = """
CREATE TABLE t_array (id int PRIMARY KEY, i int[], t text[], m int[][], f float8[]);
INSERT INTO t_array VALUES
  (1, '{1,NULL,3}', '{"a b","c,d","e\"f","g\\h",NULL,"NULL",""}', '{{1,2},{3,4}}', '{NaN,Infinity,-0}'),
  (2, '{}', '{}', '{}', '{}'), (3, NULL, NULL, NULL, NULL), (4, '[0:2]={7,8,9}', ARRAY[E'tab\t', E'nl\n', E'\\.'], '{{NULL,NULL}}', '{1e-300}');
""",
        ["unicode"] = """
CREATE TABLE t_unicode (id int PRIMARY KEY, v text, c varchar(3));
INSERT INTO t_unicode VALUES
  (1, '😀 🏳️‍🌈 👩‍👩‍👧', '😀😀😀'), (2, 'e' || chr(769) || ' vs é', 'é'), (3, 'עברית العربية', 'ع'),
  (4, chr(65279) || 'bom' || chr(8203) || 'zwsp', chr(8238)), (5, '日本語テキスト', '漢字'), (6, chr(1114111), chr(55295));
""",
        ["awkward identifiers"] = """"
CREATE SCHEMA "Mixed Case Schema";
CREATE TABLE "Mixed Case Schema"."Order Items" ("Id" int PRIMARY KEY, "Column With Space" text, "quote""d" text, "new
line" text, "select" text, "ümlaut" text, "a.b" int);
CREATE TABLE "Mixed Case Schema"."tab	name" (x int);
CREATE INDEX "Index ""quoted""" ON "Mixed Case Schema"."Order Items" ("Column With Space");
CREATE SEQUENCE "Mixed Case Schema"."Seq Name";
SELECT setval('"Mixed Case Schema"."Seq Name"', 77);
INSERT INTO "Mixed Case Schema"."Order Items" VALUES (1, 'space', 'quote', 'newline', 'reserved', 'umlaut', 2);
INSERT INTO "Mixed Case Schema"."tab	name" VALUES (1), (2);
COMMENT ON TABLE "Mixed Case Schema"."Order Items" IS 'it''s "quoted"';
"""",
        ["zero-column table"] = """
CREATE TABLE t_nocols ();
INSERT INTO t_nocols DEFAULT VALUES;
INSERT INTO t_nocols DEFAULT VALUES;
INSERT INTO t_nocols DEFAULT VALUES;
CREATE TABLE t_dropped (a int, b text, c int);
INSERT INTO t_dropped VALUES (1, 'gone', 3);
ALTER TABLE t_dropped DROP COLUMN b;
""",
        ["100k rows"] = """
CREATE TABLE t_big (id bigint PRIMARY KEY, label text, payload jsonb, at timestamptz);
INSERT INTO t_big SELECT g, 'row ' || g || E'\t' || md5(g::text), jsonb_build_object('g', g, 's', repeat('x', g % 50)), '2025-01-01'::timestamptz + g * interval '1 minute'
FROM generate_series(1, 100000) g;
""",
        ["json and jsonb"] = """
CREATE TABLE t_json (id int PRIMARY KEY, j json, jb jsonb);
INSERT INTO t_json VALUES
  (1, '{"b": 1,   "a": [1, 2, {"c": null}], "a": "dup"}', '{"b": 1, "a": [1, 2, {"c": null}]}'),
  (2, '"\u0000 escaped nul in json text"', '"\u00e9\ud83d\ude00"'),
  (3, 'null', 'null'), (4, NULL, NULL), (5, '{"k": "line\nbreak \\ \"q\""}', '{"k": "tab\t\\."}'), (6, '[]', '{}');
""",
        ["dates, times and intervals"] = """
DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET TimeZone = %L', current_database(), 'Asia/Kathmandu'); END $$;
SET TimeZone = 'America/St_Johns';
CREATE TABLE t_time (id int PRIMARY KEY, tz timestamptz, ts timestamp, d date, t time, ttz timetz, i interval);
INSERT INTO t_time VALUES
  (1, '2025-06-01 12:34:56.789012+02', '2025-06-01 12:34:56.789012', '2025-06-01', '23:59:59.999999', '12:00+05:45', '1 year 2 months 3 days 04:05:06.789'),
  (2, 'infinity', 'infinity', 'infinity', '24:00', '00:00-15:59', '-1 day +02:00'),
  (3, '-infinity', '-infinity', '-infinity', '00:00', '00:00+15:59', '-178000000 years'),
  (4, '0044-03-15 12:00 BC', '4713-01-01 BC', '0001-01-01 BC', NULL, NULL, '1 microsecond'),
  (5, '2025-03-09 02:30 America/New_York', '294276-12-31 23:59:59.999999', '5874897-12-31', '12:00', '12:00', '00:00');
""",
        ["ranges"] = """
CREATE TABLE t_range (id int PRIMARY KEY, i int4range, n numrange, tz tstzrange, d daterange);
INSERT INTO t_range VALUES
  (1, 'empty', 'empty', 'empty', 'empty'), (2, '(,)', '(,5.5]', '[2025-01-01 00:00+00,)', '[,2025-01-01)'),
  (3, '[1,10)', '[1.5,2.5]', '["2025-01-01 10:00+00","2025-01-02 10:00+00")', '[2025-01-01,2025-02-01]'), (4, NULL, NULL, NULL, NULL);
""",
        ["enums and domains"] = """
CREATE TYPE mood AS ENUM ('sad', 'ok', 'it''s "great"', 'with space');
ALTER TYPE mood ADD VALUE 'meh' BEFORE 'ok';
CREATE DOMAIN positive AS int NOT NULL CHECK (VALUE > 0);
CREATE DOMAIN tags AS text[] CHECK (cardinality(VALUE) < 10);
CREATE TABLE t_enum (id int PRIMARY KEY, m mood, ms mood[], p positive, tg tags);
INSERT INTO t_enum VALUES (1, 'meh', '{sad,"it''s \"great\"","with space"}', 1, '{a,b}'), (2, 'with space', '{}', 2147483647, '{}'), (3, NULL, NULL, 5, NULL);
""",
        ["sequences, identity and generated columns"] = """
CREATE TABLE t_seq (a serial, b bigint GENERATED ALWAYS AS IDENTITY (START 100 INCREMENT 10), c int GENERATED BY DEFAULT AS IDENTITY, d int GENERATED ALWAYS AS (a * 2) STORED);
INSERT INTO t_seq DEFAULT VALUES;
INSERT INTO t_seq DEFAULT VALUES;
CREATE SEQUENCE s_uncalled;
SELECT setval('s_uncalled', 5, false);
CREATE SEQUENCE s_down INCREMENT -3 MINVALUE -1000 MAXVALUE 10 START 10 CYCLE;
SELECT nextval('s_down'), nextval('s_down');
CREATE SEQUENCE s_unused;
""",
        ["large objects"] = """
SELECT lo_from_bytea(31337, '\x00010203'::bytea);
SELECT lo_from_bytea(31338, ''::bytea);
SELECT lo_from_bytea(31339, decode(repeat('ab', 300000), 'hex'));
COMMENT ON LARGE OBJECT 31337 IS 'a blob';
""",
        ["other types"] = """
CREATE TABLE t_other (id int PRIMARY KEY, u uuid, ip inet, net cidr, mac macaddr, bits bit varying(20), b bool, tsv tsvector, x xml, p point, poly polygon, m money, o oid, c "char");
INSERT INTO t_other VALUES
  (1, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '::ffff:1.2.3.4/128', '10.0.0.0/8', '08:00:2b:01:02:03', B'10101', true, 'a fat:1A cat''s', '<a b="1">x &amp; y</a>', '(1.5,-2)', '((0,0),(1,1),(1,0))', 12.34, 4294967295, 'x'),
  (2, NULL, NULL, NULL, NULL, B'', false, '', NULL, NULL, NULL, -0.01, 0, E'\\');
""",
        ["partitions and inheritance"] = """
CREATE TABLE t_part (id int, region text) PARTITION BY LIST (region);
CREATE TABLE t_part_eu PARTITION OF t_part FOR VALUES IN ('eu');
CREATE TABLE t_part_other PARTITION OF t_part DEFAULT;
INSERT INTO t_part VALUES (1, 'eu'), (2, 'us'), (3, NULL);
CREATE TABLE t_parent (id int, v text);
CREATE TABLE t_child (extra int) INHERITS (t_parent);
INSERT INTO t_parent VALUES (1, 'parent');
INSERT INTO t_child VALUES (2, 'child', 42);
""",
    };

    /// <summary>All cases in one script (each case's objects have distinct names).</summary>
    public static string All => string.Join("\n", Cases.Values);

    /// <summary>Case names, as theory data.</summary>
    public static Xunit.TheoryData<string> Names
    {
        get
        {
            var data = new Xunit.TheoryData<string>();
            foreach (var name in Cases.Keys)
            {
                data.Add(name);
            }

            return data;
        }
    }
}
