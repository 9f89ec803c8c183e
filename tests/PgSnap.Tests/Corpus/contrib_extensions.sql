-- Extension corpus, contrib part (ours: there is no upstream file). A small shop's database as it looks after a few
-- years: contrib extensions in public and in their own schema, data in extension-typed columns, indexes on the
-- extensions' operator classes, an exclusion constraint through btree_gist, a text search configuration using
-- unaccent, a postgres_fdw server with a foreign table, and grants and revokes on extension member functions.
-- Loaded on every major of the matrix (the same SQL runs on 13-18).
CREATE SCHEMA ext;
CREATE EXTENSION hstore;
CREATE EXTENSION ltree SCHEMA ext;
CREATE EXTENSION citext;
CREATE EXTENSION pg_trgm SCHEMA ext;
CREATE EXTENSION btree_gist;
CREATE EXTENSION cube;
CREATE EXTENSION earthdistance;
CREATE EXTENSION pgcrypto SCHEMA ext;
CREATE EXTENSION "uuid-ossp";
CREATE EXTENSION intarray;
CREATE EXTENSION isn;
CREATE EXTENSION seg;
CREATE EXTENSION unaccent SCHEMA ext;
CREATE EXTENSION postgres_fdw;
COMMENT ON EXTENSION hstore IS 'key/value attributes of products';

DO $$ BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'corpus_ext_reader') THEN CREATE ROLE corpus_ext_reader; END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'corpus_ext_writer') THEN CREATE ROLE corpus_ext_writer; END IF;
END $$;

CREATE SCHEMA shop;
CREATE TABLE shop.customers (
    id uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
    email citext NOT NULL UNIQUE,
    name text NOT NULL,
    prefs hstore NOT NULL DEFAULT ''::hstore,
    password_hash text,
    lat float8,
    lon float8
);
CREATE TABLE shop.categories (
    id serial PRIMARY KEY,
    path ext.ltree NOT NULL UNIQUE,
    title text NOT NULL
);
CREATE TABLE shop.products (
    id serial PRIMARY KEY,
    isbn isbn13 UNIQUE,
    ean ean13,
    category ext.ltree NOT NULL,
    title text NOT NULL,
    attrs hstore,
    tag_ids int[] NOT NULL DEFAULT '{}',
    size_range seg,
    box cube,
    checksum bytea GENERATED ALWAYS AS (ext.digest(title, 'sha256')) STORED
);
CREATE INDEX products_category_gist ON shop.products USING gist (category);
CREATE INDEX products_attrs_gin ON shop.products USING gin (attrs);
CREATE INDEX products_title_trgm ON shop.products USING gin (title ext.gin_trgm_ops);
CREATE INDEX products_title_trgm_gist ON shop.products USING gist (lower(title) ext.gist_trgm_ops);
CREATE INDEX products_tags ON shop.products USING gin (tag_ids gin__int_ops);
CREATE INDEX products_tags_gist ON shop.products USING gist (tag_ids gist__intbig_ops);
CREATE INDEX products_size ON shop.products USING gist (size_range);
CREATE INDEX products_box ON shop.products USING gist (box);
-- No expression index on ll_to_earth(lat, lon): before earthdistance 1.2 (PostgreSQL 18) its SQL functions name
-- the earth type unqualified, so under pg_dump's empty search_path such an index does not restore (pg_dump's own
-- dumps fail the same way on 13-17).
CREATE INDEX customers_prefs ON shop.customers USING gist (prefs gist_hstore_ops);
CREATE INDEX customers_email_trgm ON shop.customers USING gin ((email::text) ext.gin_trgm_ops);

CREATE TABLE shop.room_bookings (
    room int NOT NULL,
    guest uuid REFERENCES shop.customers,
    during tstzrange NOT NULL,
    EXCLUDE USING gist (room WITH =, during WITH &&)
);

INSERT INTO shop.customers (id, email, name, prefs, password_hash, lat, lon) VALUES
    ('6f1c2b1e-3f7a-4c1e-9a7b-0c1d2e3f4a5b', 'Alice@Example.com', 'Alice', 'lang=>fr, newsletter=>yes', ext.crypt('secret', '$2a$06$abcdefghijklmnopqrstuu'), 48.8566, 2.3522),
    ('1b2c3d4e-5f60-4718-8293-a4b5c6d7e8f9', 'bob@example.org', 'Bob', 'lang=>de', ext.crypt('hunter2', '$2a$06$zyxwvutsrqponmlkjihgfe'), 52.52, 13.405),
    (uuid_generate_v5(uuid_ns_url(), 'https://example.net/carol'), 'CAROL@example.net', 'Carol', '', NULL, NULL, NULL);
INSERT INTO shop.categories (path, title) VALUES
    ('books', 'Books'), ('books.fiction', 'Fiction'), ('books.fiction.crime', 'Crime'), ('books.science', 'Science'), ('games', 'Games');
INSERT INTO shop.products (isbn, ean, category, title, attrs, tag_ids, size_range, box) VALUES
    ('978-0-306-40615-7', '4006381333931', 'books.science', 'Physik für Anfänger', 'pages=>320, binding=>paperback', '{1,2,3}', '10.5 .. 21', '(0,0,0),(10.5,21,3)'),
    ('978-1-86197-876-9', NULL, 'books.fiction.crime', 'Le Crime de l''Orient-Express', 'pages=>256', '{2,5}', '11 .. 18', '(1,2,3)'),
    (NULL, '0012345678905', 'games', 'Échecs de voyage', NULL, '{}', '20 .. 20', '(0,0),(30,30)');
INSERT INTO shop.room_bookings VALUES
    (101, '6f1c2b1e-3f7a-4c1e-9a7b-0c1d2e3f4a5b', '[2024-03-01 14:00+00, 2024-03-04 10:00+00)'),
    (101, '1b2c3d4e-5f60-4718-8293-a4b5c6d7e8f9', '[2024-03-04 14:00+00, 2024-03-06 10:00+00)'),
    (102, NULL, '[2024-03-01 14:00+00, 2024-03-02 10:00+00)');

-- Search without accents: a text search configuration using unaccent's dictionary, a column and index using it.
CREATE TEXT SEARCH CONFIGURATION shop.fr_unaccent (COPY = pg_catalog.french);
ALTER TEXT SEARCH CONFIGURATION shop.fr_unaccent
    ALTER MAPPING FOR hword, hword_part, word WITH ext.unaccent, french_stem;
CREATE FUNCTION shop.search_text(p shop.products) RETURNS tsvector LANGUAGE sql IMMUTABLE
    AS $$ SELECT to_tsvector('shop.fr_unaccent'::regconfig, p.title || ' ' || coalesce(p.attrs -> 'binding', '')) $$;
CREATE INDEX products_fts ON shop.products USING gin (to_tsvector('shop.fr_unaccent'::regconfig, title));

-- A view and a function built on extension operators and functions.
CREATE VIEW shop.category_tree AS
    SELECT c.path, c.title, ext.nlevel(c.path) AS depth, count(p.id) AS products
    FROM shop.categories c LEFT JOIN shop.products p ON p.category OPERATOR(ext.<@) c.path
    GROUP BY c.path, c.title;
CREATE FUNCTION shop.customers_within(p_lat float8, p_lon float8, meters float8) RETURNS SETOF shop.customers
    LANGUAGE sql STABLE AS $$
    SELECT * FROM shop.customers
    WHERE earth_box(ll_to_earth(p_lat, p_lon), meters) @> ll_to_earth(lat, lon)
$$;

-- A remote warehouse reached through postgres_fdw (never connected to: only the definitions are dumped).
CREATE SERVER warehouse FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host 'warehouse.invalid', dbname 'stock', fetch_size '500');
CREATE USER MAPPING FOR corpus_ext_reader SERVER warehouse OPTIONS (user 'reader');
CREATE FOREIGN TABLE shop.stock (product_id int, quantity int OPTIONS (column_name 'qty'))
    SERVER warehouse OPTIONS (schema_name 'public', table_name 'stock');
GRANT USAGE ON FOREIGN SERVER warehouse TO corpus_ext_writer;

-- Grants on extension member functions and types (the way an application role gets narrow rights).
GRANT USAGE ON SCHEMA shop, ext TO corpus_ext_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA shop TO corpus_ext_reader;
REVOKE EXECUTE ON FUNCTION ext.crypt(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ext.crypt(text, text) TO corpus_ext_writer;
REVOKE EXECUTE ON FUNCTION ext.gen_salt(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ext.gen_salt(text) TO corpus_ext_writer;
GRANT EXECUTE ON FUNCTION uuid_generate_v4() TO corpus_ext_writer;
REVOKE ALL ON FUNCTION hstore_to_json(hstore) FROM PUBLIC;
GRANT USAGE ON TYPE hstore TO corpus_ext_reader;
