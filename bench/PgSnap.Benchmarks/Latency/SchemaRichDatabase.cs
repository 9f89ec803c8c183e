using System.Globalization;
using System.Text;

namespace PgSnap.Benchmarks.Latency;

/// <summary>
/// The schema-rich database of the latency benchmark, written for it (no outside download): three parts that
/// stand for what a hosted application database holds.
/// <list type="bullet">
/// <item>A DVD-rental model shaped like Pagila (public schema): 15 tables with serial keys, a foreign-key cycle
/// (store ↔ staff), payments partitioned by month, an enum, a domain, a tsvector column with its GIN index and
/// trigger, last_update triggers on every table, 7 views, a materialized view, plpgsql and SQL functions and an
/// aggregate, filled with Pagila's row counts (16,000 rentals and payments, 1,000 films …).</item>
/// <item>A platform schema shaped like Supabase's (auth and storage): users, identities, sessions, refresh
/// tokens, MFA factors, buckets and objects, the anon / authenticated / service_role roles with their grants and
/// default privileges, auth.uid() / auth.jwt() helpers and row-level security policies.</item>
/// <item>An application schema of <c>modules</c> multi-tenant modules, each with three tables (identity keys,
/// foreign keys, a check, indexes, comments), row-level security with two policies per table, a view, two
/// functions, an updated_at trigger and grants: the "thousands of objects" part.</item>
/// </list>
/// With the default 50 modules it holds about 1,700 catalog objects (see <see cref="CountObjectsSql"/>).
/// </summary>
internal static class SchemaRichDatabase
{
    /// <summary>Roles the platform schema grants to; created once per cluster.</summary>
    public const string RolesSql = """
        DO $$ BEGIN
          IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'anon') THEN CREATE ROLE anon NOLOGIN; END IF;
          IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'authenticated') THEN CREATE ROLE authenticated NOLOGIN; END IF;
          IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'service_role') THEN CREATE ROLE service_role NOLOGIN BYPASSRLS; END IF;
        END $$;
        """;

    /// <summary>Counts the user objects a dump carries (relations, constraints, functions, types, policies, triggers, views' rules, comments, schemas).</summary>
    public const string CountObjectsSql = """
        SELECT (SELECT count(*) FROM pg_class WHERE relnamespace IN (SELECT oid FROM pg_namespace WHERE nspname IN ('public','auth','storage','app')))
             + (SELECT count(*) FROM pg_constraint WHERE connamespace IN (SELECT oid FROM pg_namespace WHERE nspname IN ('public','auth','storage','app')))
             + (SELECT count(*) FROM pg_proc WHERE pronamespace IN (SELECT oid FROM pg_namespace WHERE nspname IN ('public','auth','storage','app')))
             + (SELECT count(*) FROM pg_type t WHERE typnamespace IN (SELECT oid FROM pg_namespace WHERE nspname IN ('public','auth','storage','app')) AND typtype IN ('e','d'))
             + (SELECT count(*) FROM pg_policy)
             + (SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal)
             + (SELECT count(*) FROM pg_description d JOIN pg_class c ON c.oid = d.objoid AND d.classoid = 'pg_class'::regclass WHERE c.relnamespace IN (SELECT oid FROM pg_namespace WHERE nspname IN ('public','auth','storage','app')))
        """;

    public static string Sql(int modules)
    {
        var sb = new StringBuilder();
        sb.Append(Rental).Append(Platform).Append(AppHeader);
        for (var i = 1; i <= modules; i++)
        {
            sb.Append(Module(i));
        }

        sb.Append("ANALYZE;\n");
        return sb.ToString();
    }

    private const string Rental = """
        CREATE TYPE public.mpaa_rating AS ENUM ('G', 'PG', 'PG-13', 'R', 'NC-17');
        CREATE DOMAIN public.year AS integer CONSTRAINT year_check CHECK (VALUE >= 1901 AND VALUE <= 2155);
        CREATE FUNCTION public.last_updated() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.last_update := now(); RETURN NEW; END $$;
        CREATE TABLE public.language (language_id serial PRIMARY KEY, name character(20) NOT NULL, last_update timestamptz NOT NULL DEFAULT now());
        CREATE TABLE public.country (country_id serial PRIMARY KEY, country text NOT NULL, last_update timestamptz NOT NULL DEFAULT now());
        CREATE TABLE public.city (city_id serial PRIMARY KEY, city text NOT NULL, country_id integer NOT NULL REFERENCES public.country ON UPDATE CASCADE ON DELETE RESTRICT, last_update timestamptz NOT NULL DEFAULT now());
        CREATE TABLE public.address (address_id serial PRIMARY KEY, address text NOT NULL, address2 text, district text NOT NULL, city_id integer NOT NULL REFERENCES public.city ON UPDATE CASCADE ON DELETE RESTRICT, postal_code text, phone text NOT NULL, last_update timestamptz NOT NULL DEFAULT now());
        CREATE TABLE public.category (category_id serial PRIMARY KEY, name text NOT NULL, last_update timestamptz NOT NULL DEFAULT now());
        CREATE TABLE public.actor (actor_id serial PRIMARY KEY, first_name text NOT NULL, last_name text NOT NULL, last_update timestamptz NOT NULL DEFAULT now());
        CREATE TABLE public.film (film_id serial PRIMARY KEY, title text NOT NULL, description text, release_year public.year,
            language_id integer NOT NULL REFERENCES public.language ON UPDATE CASCADE ON DELETE RESTRICT, original_language_id integer REFERENCES public.language,
            rental_duration smallint NOT NULL DEFAULT 3, rental_rate numeric(4,2) NOT NULL DEFAULT 4.99, length smallint,
            replacement_cost numeric(5,2) NOT NULL DEFAULT 19.99, rating public.mpaa_rating DEFAULT 'G', last_update timestamptz NOT NULL DEFAULT now(),
            special_features text[], fulltext tsvector NOT NULL);
        CREATE TABLE public.film_actor (actor_id integer NOT NULL REFERENCES public.actor ON UPDATE CASCADE ON DELETE RESTRICT, film_id integer NOT NULL REFERENCES public.film ON UPDATE CASCADE ON DELETE RESTRICT, last_update timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (actor_id, film_id));
        CREATE TABLE public.film_category (film_id integer NOT NULL REFERENCES public.film ON UPDATE CASCADE ON DELETE RESTRICT, category_id integer NOT NULL REFERENCES public.category ON UPDATE CASCADE ON DELETE RESTRICT, last_update timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (film_id, category_id));
        CREATE TABLE public.store (store_id serial PRIMARY KEY, manager_staff_id integer NOT NULL, address_id integer NOT NULL REFERENCES public.address ON UPDATE CASCADE ON DELETE RESTRICT, last_update timestamptz NOT NULL DEFAULT now());
        CREATE TABLE public.staff (staff_id serial PRIMARY KEY, first_name text NOT NULL, last_name text NOT NULL, address_id integer NOT NULL REFERENCES public.address ON UPDATE CASCADE ON DELETE RESTRICT,
            email text, store_id integer NOT NULL REFERENCES public.store, active boolean NOT NULL DEFAULT true, username text NOT NULL, password text, last_update timestamptz NOT NULL DEFAULT now(), picture bytea);
        ALTER TABLE public.store ADD CONSTRAINT store_manager_staff_id_fkey FOREIGN KEY (manager_staff_id) REFERENCES public.staff DEFERRABLE INITIALLY DEFERRED;
        CREATE TABLE public.customer (customer_id serial PRIMARY KEY, store_id integer NOT NULL REFERENCES public.store ON UPDATE CASCADE ON DELETE RESTRICT, first_name text NOT NULL, last_name text NOT NULL, email text,
            address_id integer NOT NULL REFERENCES public.address ON UPDATE CASCADE ON DELETE RESTRICT, activebool boolean NOT NULL DEFAULT true, create_date date NOT NULL DEFAULT CURRENT_DATE, last_update timestamptz DEFAULT now(), active integer);
        CREATE TABLE public.inventory (inventory_id serial PRIMARY KEY, film_id integer NOT NULL REFERENCES public.film ON UPDATE CASCADE ON DELETE RESTRICT, store_id integer NOT NULL REFERENCES public.store, last_update timestamptz NOT NULL DEFAULT now());
        CREATE TABLE public.rental (rental_id serial PRIMARY KEY, rental_date timestamptz NOT NULL, inventory_id integer NOT NULL REFERENCES public.inventory ON UPDATE CASCADE ON DELETE RESTRICT,
            customer_id integer NOT NULL REFERENCES public.customer ON UPDATE CASCADE ON DELETE RESTRICT, return_date timestamptz, staff_id integer NOT NULL REFERENCES public.staff, last_update timestamptz NOT NULL DEFAULT now());
        CREATE UNIQUE INDEX idx_unq_rental_rental_date_inventory_id_customer_id ON public.rental (rental_date, inventory_id, customer_id);
        CREATE TABLE public.payment (payment_id serial, customer_id integer NOT NULL REFERENCES public.customer, staff_id integer NOT NULL REFERENCES public.staff, rental_id integer REFERENCES public.rental ON DELETE SET NULL,
            amount numeric(5,2) NOT NULL, payment_date timestamptz NOT NULL, PRIMARY KEY (payment_date, payment_id)) PARTITION BY RANGE (payment_date);
        CREATE TABLE public.payment_p2022_01 PARTITION OF public.payment FOR VALUES FROM ('2022-01-01') TO ('2022-02-01');
        CREATE TABLE public.payment_p2022_02 PARTITION OF public.payment FOR VALUES FROM ('2022-02-01') TO ('2022-03-01');
        CREATE TABLE public.payment_p2022_03 PARTITION OF public.payment FOR VALUES FROM ('2022-03-01') TO ('2022-04-01');
        CREATE TABLE public.payment_p2022_04 PARTITION OF public.payment FOR VALUES FROM ('2022-04-01') TO ('2022-05-01');
        CREATE TABLE public.payment_p2022_05 PARTITION OF public.payment FOR VALUES FROM ('2022-05-01') TO ('2022-06-01');
        CREATE TABLE public.payment_p2022_06 PARTITION OF public.payment FOR VALUES FROM ('2022-06-01') TO ('2022-07-01');
        CREATE TABLE public.payment_p2022_07 PARTITION OF public.payment FOR VALUES FROM ('2022-07-01') TO ('2022-08-01');
        CREATE INDEX idx_actor_last_name ON public.actor (last_name);
        CREATE INDEX idx_fk_address_id ON public.customer (address_id);
        CREATE INDEX idx_fk_city_id ON public.address (city_id);
        CREATE INDEX idx_fk_country_id ON public.city (country_id);
        CREATE INDEX idx_fk_film_id ON public.film_actor (film_id);
        CREATE INDEX idx_fk_inventory_id ON public.rental (inventory_id);
        CREATE INDEX idx_fk_language_id ON public.film (language_id);
        CREATE INDEX idx_fk_store_id ON public.customer (store_id);
        CREATE INDEX idx_last_name ON public.customer (last_name);
        CREATE INDEX idx_store_id_film_id ON public.inventory (store_id, film_id);
        CREATE INDEX idx_title ON public.film (title);
        CREATE INDEX film_fulltext_idx ON public.film USING gist (fulltext);
        CREATE INDEX idx_fk_payment_customer ON public.payment (customer_id);
        CREATE TRIGGER film_fulltext_trigger BEFORE INSERT OR UPDATE ON public.film FOR EACH ROW EXECUTE FUNCTION tsvector_update_trigger('fulltext', 'pg_catalog.english', 'title', 'description');
        CREATE TRIGGER last_updated BEFORE UPDATE ON public.actor FOR EACH ROW EXECUTE FUNCTION public.last_updated();
        CREATE TRIGGER last_updated BEFORE UPDATE ON public.address FOR EACH ROW EXECUTE FUNCTION public.last_updated();
        CREATE TRIGGER last_updated BEFORE UPDATE ON public.category FOR EACH ROW EXECUTE FUNCTION public.last_updated();
        CREATE TRIGGER last_updated BEFORE UPDATE ON public.city FOR EACH ROW EXECUTE FUNCTION public.last_updated();
        CREATE TRIGGER last_updated BEFORE UPDATE ON public.country FOR EACH ROW EXECUTE FUNCTION public.last_updated();
        CREATE TRIGGER last_updated BEFORE UPDATE ON public.customer FOR EACH ROW EXECUTE FUNCTION public.last_updated();
        CREATE TRIGGER last_updated BEFORE UPDATE ON public.film FOR EACH ROW EXECUTE FUNCTION public.last_updated();
        CREATE TRIGGER last_updated BEFORE UPDATE ON public.film_actor FOR EACH ROW EXECUTE FUNCTION public.last_updated();
        CREATE TRIGGER last_updated BEFORE UPDATE ON public.film_category FOR EACH ROW EXECUTE FUNCTION public.last_updated();
        CREATE TRIGGER last_updated BEFORE UPDATE ON public.inventory FOR EACH ROW EXECUTE FUNCTION public.last_updated();
        CREATE TRIGGER last_updated BEFORE UPDATE ON public.language FOR EACH ROW EXECUTE FUNCTION public.last_updated();
        CREATE TRIGGER last_updated BEFORE UPDATE ON public.rental FOR EACH ROW EXECUTE FUNCTION public.last_updated();
        CREATE TRIGGER last_updated BEFORE UPDATE ON public.staff FOR EACH ROW EXECUTE FUNCTION public.last_updated();
        CREATE TRIGGER last_updated BEFORE UPDATE ON public.store FOR EACH ROW EXECUTE FUNCTION public.last_updated();
        COMMENT ON TABLE public.film IS 'Films in the catalogue; fulltext is kept by a trigger.';
        COMMENT ON TABLE public.payment IS 'Payments, one partition per month.';

        INSERT INTO public.language (name) SELECT unnest(ARRAY['English','Italian','Japanese','Mandarin','French','German']);
        INSERT INTO public.country (country) SELECT 'Country ' || g FROM generate_series(1, 109) g;
        INSERT INTO public.city (city, country_id) SELECT 'City ' || g, 1 + g % 109 FROM generate_series(1, 600) g;
        INSERT INTO public.address (address, district, city_id, postal_code, phone) SELECT g || ' Main Street', 'District ' || (g % 50), 1 + g % 600, lpad((g * 37 % 99999)::text, 5, '0'), '555-' || g FROM generate_series(1, 603) g;
        INSERT INTO public.category (name) SELECT unnest(ARRAY['Action','Animation','Children','Classics','Comedy','Documentary','Drama','Family','Foreign','Games','Horror','Music','New','Sci-Fi','Sports','Travel']);
        INSERT INTO public.actor (first_name, last_name) SELECT 'First' || g, 'Last' || (g % 120) FROM generate_series(1, 200) g;
        INSERT INTO public.film (title, description, release_year, language_id, rental_duration, rental_rate, length, replacement_cost, rating, special_features)
        SELECT 'Film Title ' || g, 'A ' || (ARRAY['Epic','Touching','Thoughtful','Boring','Fateful'])[1 + g % 5] || ' story of a ' || (ARRAY['Dentist','Cat','Robot','Pilot'])[1 + g % 4] || ' who must meet a ' || (ARRAY['Girl','Dog','Monkey'])[1 + g % 3],
               2006, 1 + g % 6, 3 + g % 5, 0.99 + (g % 3) * 2, 46 + g % 140, 9.99 + g % 21, (ARRAY['G','PG','PG-13','R','NC-17']::public.mpaa_rating[])[1 + g % 5], ARRAY['Trailers','Commentaries']
        FROM generate_series(1, 1000) g;
        INSERT INTO public.film_actor (actor_id, film_id) SELECT DISTINCT 1 + (f * 7 + k * 13) % 200, f FROM generate_series(1, 1000) f, generate_series(1, 5) k;
        INSERT INTO public.film_category (film_id, category_id) SELECT f, 1 + f % 16 FROM generate_series(1, 1000) f;
        BEGIN;
        INSERT INTO public.store (manager_staff_id, address_id) VALUES (1, 1), (2, 2);
        INSERT INTO public.staff (first_name, last_name, address_id, email, store_id, username, password) VALUES ('Mike', 'Hillyer', 3, 'mike@example.com', 1, 'Mike', '8cb2237d0679ca88db6464eac60da96345513964'), ('Jon', 'Stephens', 4, 'jon@example.com', 2, 'Jon', NULL);
        COMMIT;
        INSERT INTO public.customer (store_id, first_name, last_name, email, address_id, active) SELECT 1 + g % 2, 'Customer' || g, 'Family' || (g % 300), 'customer' || g || '@example.org', 5 + g % 598, 1 FROM generate_series(1, 599) g;
        INSERT INTO public.inventory (film_id, store_id) SELECT 1 + g % 1000, 1 + g % 2 FROM generate_series(1, 4581) g;
        INSERT INTO public.rental (rental_date, inventory_id, customer_id, return_date, staff_id) SELECT timestamptz '2022-01-01' + g * interval '17 minutes', 1 + g % 4581, 1 + g % 599, timestamptz '2022-01-03' + g * interval '17 minutes', 1 + g % 2 FROM generate_series(1, 16044) g;
        INSERT INTO public.payment (customer_id, staff_id, rental_id, amount, payment_date) SELECT 1 + g % 599, 1 + g % 2, g, 0.99 + g % 10, timestamptz '2022-01-01' + g * interval '17 minutes' FROM generate_series(1, 16044) g;

        CREATE VIEW public.actor_info AS
          SELECT a.actor_id, a.first_name, a.last_name,
                 string_agg(c.name || ': ' || (SELECT string_agg(f.title, ', ' ORDER BY f.title) FROM public.film f JOIN public.film_category fc_1 ON f.film_id = fc_1.film_id JOIN public.film_actor fa_1 ON f.film_id = fa_1.film_id WHERE fc_1.category_id = c.category_id AND fa_1.actor_id = a.actor_id), '; ' ORDER BY c.name) AS film_info
          FROM public.actor a LEFT JOIN public.film_actor fa ON a.actor_id = fa.actor_id LEFT JOIN public.film_category fc ON fa.film_id = fc.film_id LEFT JOIN public.category c ON fc.category_id = c.category_id
          GROUP BY a.actor_id, a.first_name, a.last_name;
        CREATE VIEW public.customer_list AS
          SELECT cu.customer_id AS id, cu.first_name || ' ' || cu.last_name AS name, a.address, a.postal_code AS "zip code", a.phone, city.city, country.country,
                 CASE WHEN cu.activebool THEN 'active' ELSE '' END AS notes, cu.store_id AS sid
          FROM public.customer cu JOIN public.address a ON cu.address_id = a.address_id JOIN public.city ON a.city_id = city.city_id JOIN public.country ON city.country_id = country.country_id;
        CREATE VIEW public.film_list AS
          SELECT film.film_id AS fid, film.title, film.description, category.name AS category, film.rental_rate AS price, film.length, film.rating,
                 string_agg(actor.first_name || ' ' || actor.last_name, ', ') AS actors
          FROM public.category LEFT JOIN public.film_category ON category.category_id = film_category.category_id LEFT JOIN public.film ON film_category.film_id = film.film_id
               JOIN public.film_actor ON film.film_id = film_actor.film_id JOIN public.actor ON film_actor.actor_id = actor.actor_id
          GROUP BY film.film_id, film.title, film.description, category.name, film.rental_rate, film.length, film.rating;
        CREATE VIEW public.sales_by_film_category AS
          SELECT c.name AS category, sum(p.amount) AS total_sales
          FROM public.payment p JOIN public.rental r ON p.rental_id = r.rental_id JOIN public.inventory i ON r.inventory_id = i.inventory_id JOIN public.film f ON i.film_id = f.film_id
               JOIN public.film_category fc ON f.film_id = fc.film_id JOIN public.category c ON fc.category_id = c.category_id
          GROUP BY c.name ORDER BY sum(p.amount) DESC;
        CREATE VIEW public.sales_by_store AS
          SELECT c.city || ',' || cy.country AS store, m.first_name || ' ' || m.last_name AS manager, sum(p.amount) AS total_sales
          FROM public.payment p JOIN public.rental r ON p.rental_id = r.rental_id JOIN public.inventory i ON r.inventory_id = i.inventory_id JOIN public.store s ON i.store_id = s.store_id
               JOIN public.address a ON s.address_id = a.address_id JOIN public.city c ON a.city_id = c.city_id JOIN public.country cy ON c.country_id = cy.country_id JOIN public.staff m ON s.manager_staff_id = m.staff_id
          GROUP BY cy.country, c.city, s.store_id, m.first_name, m.last_name ORDER BY cy.country, c.city;
        CREATE VIEW public.staff_list AS
          SELECT s.staff_id AS id, s.first_name || ' ' || s.last_name AS name, a.address, a.postal_code AS "zip code", a.phone, city.city, country.country, s.store_id AS sid
          FROM public.staff s JOIN public.address a ON s.address_id = a.address_id JOIN public.city ON a.city_id = city.city_id JOIN public.country ON city.country_id = country.country_id;
        CREATE VIEW public.nicer_but_slower_film_list AS
          SELECT film.film_id AS fid, film.title, film.description, category.name AS category, film.rental_rate AS price, film.length, film.rating,
                 string_agg(initcap(actor.first_name) || ' ' || initcap(actor.last_name), ', ') AS actors
          FROM public.category LEFT JOIN public.film_category ON category.category_id = film_category.category_id LEFT JOIN public.film ON film_category.film_id = film.film_id
               JOIN public.film_actor ON film.film_id = film_actor.film_id JOIN public.actor ON film_actor.actor_id = actor.actor_id
          GROUP BY film.film_id, film.title, film.description, category.name, film.rental_rate, film.length, film.rating;
        CREATE MATERIALIZED VIEW public.rental_by_category AS
          SELECT c.name AS category, sum(p.amount) AS total_sales
          FROM public.payment p JOIN public.rental r ON p.rental_id = r.rental_id JOIN public.inventory i ON r.inventory_id = i.inventory_id JOIN public.film f ON i.film_id = f.film_id
               JOIN public.film_category fc ON f.film_id = fc.film_id JOIN public.category c ON fc.category_id = c.category_id
          GROUP BY c.name ORDER BY sum(p.amount) DESC;
        CREATE UNIQUE INDEX rental_category ON public.rental_by_category (category);

        CREATE FUNCTION public.inventory_in_stock(p_inventory_id integer) RETURNS boolean LANGUAGE plpgsql AS $$
        DECLARE v_rentals integer; v_out integer;
        BEGIN
          SELECT count(*) INTO v_rentals FROM public.rental WHERE inventory_id = p_inventory_id;
          IF v_rentals = 0 THEN RETURN true; END IF;
          SELECT count(rental_id) INTO v_out FROM public.inventory LEFT JOIN public.rental USING (inventory_id) WHERE inventory.inventory_id = p_inventory_id AND rental.return_date IS NULL;
          RETURN v_out = 0;
        END $$;
        CREATE FUNCTION public.film_in_stock(p_film_id integer, p_store_id integer, OUT p_film_count integer) RETURNS SETOF integer LANGUAGE sql AS $$
          SELECT inventory_id FROM public.inventory WHERE film_id = $1 AND store_id = $2 AND public.inventory_in_stock(inventory_id);
        $$;
        CREATE FUNCTION public.film_not_in_stock(p_film_id integer, p_store_id integer, OUT p_film_count integer) RETURNS SETOF integer LANGUAGE sql AS $$
          SELECT inventory_id FROM public.inventory WHERE film_id = $1 AND store_id = $2 AND NOT public.inventory_in_stock(inventory_id);
        $$;
        CREATE FUNCTION public.get_customer_balance(p_customer_id integer, p_effective_date timestamptz) RETURNS numeric LANGUAGE plpgsql AS $$
        DECLARE v_rentfees numeric; v_overfees integer; v_payments numeric;
        BEGIN
          SELECT coalesce(sum(film.rental_rate), 0) INTO v_rentfees FROM public.film, public.inventory, public.rental
           WHERE film.film_id = inventory.film_id AND inventory.inventory_id = rental.inventory_id AND rental.rental_date <= p_effective_date AND rental.customer_id = p_customer_id;
          SELECT coalesce(sum(CASE WHEN rental.return_date - rental.rental_date > film.rental_duration * interval '1 day' THEN 1 ELSE 0 END), 0) INTO v_overfees
            FROM public.rental, public.inventory, public.film WHERE film.film_id = inventory.film_id AND inventory.inventory_id = rental.inventory_id AND rental.customer_id = p_customer_id;
          SELECT coalesce(sum(payment.amount), 0) INTO v_payments FROM public.payment WHERE payment.payment_date <= p_effective_date AND payment.customer_id = p_customer_id;
          RETURN v_rentfees + v_overfees - v_payments;
        END $$;
        CREATE FUNCTION public.inventory_held_by_customer(p_inventory_id integer) RETURNS integer LANGUAGE sql STABLE AS $$
          SELECT customer_id FROM public.rental WHERE return_date IS NULL AND inventory_id = $1;
        $$;
        CREATE FUNCTION public.last_day(timestamptz) RETURNS date LANGUAGE sql IMMUTABLE STRICT AS $$
          SELECT (date_trunc('month', $1) + interval '1 month - 1 day')::date;
        $$;
        CREATE FUNCTION public._group_concat(text, text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
          SELECT CASE WHEN $2 IS NULL THEN $1 WHEN $1 IS NULL THEN $2 ELSE $1 || ', ' || $2 END
        $$;
        CREATE AGGREGATE public.group_concat(text) (SFUNC = public._group_concat, STYPE = text);
        CREATE FUNCTION public.rewards_report(min_monthly_purchases integer, min_dollar_amount_purchased numeric) RETURNS SETOF public.customer LANGUAGE plpgsql SECURITY DEFINER AS $$
        BEGIN
          IF min_monthly_purchases = 0 THEN RAISE EXCEPTION 'Minimum monthly purchases parameter must be > 0'; END IF;
          RETURN QUERY SELECT c.* FROM public.customer c WHERE c.customer_id IN (
            SELECT p.customer_id FROM public.payment p GROUP BY p.customer_id HAVING sum(p.amount) > min_dollar_amount_purchased AND count(*) > min_monthly_purchases);
        END $$;

        """;

    private const string Platform = """
        CREATE SCHEMA auth;
        CREATE SCHEMA storage;
        GRANT USAGE ON SCHEMA auth, storage, public TO anon, authenticated, service_role;
        CREATE TYPE auth.factor_type AS ENUM ('totp', 'webauthn', 'phone');
        CREATE TYPE auth.aal_level AS ENUM ('aal1', 'aal2', 'aal3');
        CREATE FUNCTION auth.jwt() RETURNS jsonb LANGUAGE sql STABLE AS $$
          SELECT coalesce(nullif(current_setting('request.jwt.claim', true), ''), nullif(current_setting('request.jwt.claims', true), ''))::jsonb
        $$;
        CREATE FUNCTION auth.uid() RETURNS uuid LANGUAGE sql STABLE AS $$ SELECT nullif(auth.jwt() ->> 'sub', '')::uuid $$;
        CREATE FUNCTION auth.role() RETURNS text LANGUAGE sql STABLE AS $$ SELECT nullif(auth.jwt() ->> 'role', '') $$;
        CREATE FUNCTION auth.email() RETURNS text LANGUAGE sql STABLE AS $$ SELECT nullif(auth.jwt() ->> 'email', '') $$;
        CREATE TABLE auth.users (id uuid PRIMARY KEY, instance_id uuid, aud varchar(255), role varchar(255), email varchar(255), encrypted_password varchar(255),
            email_confirmed_at timestamptz, invited_at timestamptz, confirmation_token varchar(255), recovery_token varchar(255), last_sign_in_at timestamptz,
            raw_app_meta_data jsonb, raw_user_meta_data jsonb, is_super_admin boolean, created_at timestamptz DEFAULT now(), updated_at timestamptz,
            phone text UNIQUE DEFAULT NULL, phone_confirmed_at timestamptz, banned_until timestamptz, deleted_at timestamptz, is_sso_user boolean NOT NULL DEFAULT false,
            confirmed_at timestamptz GENERATED ALWAYS AS (least(email_confirmed_at, phone_confirmed_at)) STORED);
        CREATE UNIQUE INDEX users_email_partial_key ON auth.users (email) WHERE is_sso_user = false;
        CREATE INDEX users_instance_id_idx ON auth.users (instance_id);
        COMMENT ON TABLE auth.users IS 'Auth: Stores user login data within a secure schema.';
        COMMENT ON COLUMN auth.users.is_sso_user IS 'Auth: Set this column to true when the account comes from SSO.';
        CREATE TABLE auth.identities (provider_id text NOT NULL, user_id uuid NOT NULL REFERENCES auth.users ON DELETE CASCADE, identity_data jsonb NOT NULL, provider text NOT NULL,
            last_sign_in_at timestamptz, created_at timestamptz, updated_at timestamptz, email text GENERATED ALWAYS AS (lower(identity_data ->> 'email')) STORED,
            id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY, CONSTRAINT identities_provider_id_provider_unique UNIQUE (provider_id, provider));
        CREATE INDEX identities_user_id_idx ON auth.identities (user_id);
        CREATE INDEX identities_email_idx ON auth.identities (email text_pattern_ops);
        CREATE TABLE auth.sessions (id uuid PRIMARY KEY, user_id uuid NOT NULL REFERENCES auth.users ON DELETE CASCADE, created_at timestamptz, updated_at timestamptz,
            factor_id uuid, aal auth.aal_level, not_after timestamptz, user_agent text, ip inet);
        CREATE INDEX sessions_user_id_idx ON auth.sessions (user_id);
        CREATE TABLE auth.refresh_tokens (id bigserial PRIMARY KEY, token varchar(255) UNIQUE, user_id varchar(255), revoked boolean, created_at timestamptz, updated_at timestamptz,
            parent varchar(255), session_id uuid REFERENCES auth.sessions ON DELETE CASCADE);
        CREATE INDEX refresh_tokens_parent_idx ON auth.refresh_tokens (parent);
        CREATE TABLE auth.mfa_factors (id uuid PRIMARY KEY, user_id uuid NOT NULL REFERENCES auth.users ON DELETE CASCADE, friendly_name text, factor_type auth.factor_type NOT NULL,
            status text NOT NULL CHECK (status IN ('unverified', 'verified')), created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL, secret text);
        CREATE TABLE auth.audit_log_entries (instance_id uuid, id uuid PRIMARY KEY, payload json, created_at timestamptz, ip_address varchar(64) NOT NULL DEFAULT '');
        CREATE TABLE auth.schema_migrations (version varchar(255) PRIMARY KEY);
        CREATE TABLE storage.buckets (id text PRIMARY KEY, name text NOT NULL, owner uuid REFERENCES auth.users, created_at timestamptz DEFAULT now(), updated_at timestamptz DEFAULT now(),
            public boolean DEFAULT false, file_size_limit bigint, allowed_mime_types text[]);
        CREATE UNIQUE INDEX bname ON storage.buckets (name);
        CREATE TABLE storage.objects (id uuid DEFAULT gen_random_uuid() PRIMARY KEY, bucket_id text REFERENCES storage.buckets, name text, owner uuid,
            created_at timestamptz DEFAULT now(), updated_at timestamptz DEFAULT now(), last_accessed_at timestamptz DEFAULT now(), metadata jsonb,
            path_tokens text[] GENERATED ALWAYS AS (string_to_array(name, '/')) STORED, version text);
        CREATE UNIQUE INDEX bucketid_objname ON storage.objects (bucket_id, name);
        CREATE INDEX name_prefix_search ON storage.objects (name text_pattern_ops);
        CREATE TABLE storage.migrations (id integer PRIMARY KEY, name varchar(100) NOT NULL UNIQUE, hash varchar(40) NOT NULL, executed_at timestamp DEFAULT CURRENT_TIMESTAMP);
        CREATE FUNCTION storage.foldername(name text) RETURNS text[] LANGUAGE plpgsql AS $$ DECLARE _parts text[]; BEGIN SELECT string_to_array(name, '/') INTO _parts; RETURN _parts[1:array_length(_parts, 1) - 1]; END $$;
        CREATE FUNCTION storage.filename(name text) RETURNS text LANGUAGE plpgsql AS $$ DECLARE _parts text[]; BEGIN SELECT string_to_array(name, '/') INTO _parts; RETURN _parts[array_length(_parts, 1)]; END $$;
        CREATE FUNCTION storage.extension(name text) RETURNS text LANGUAGE plpgsql AS $$ DECLARE _parts text[]; _filename text; BEGIN SELECT string_to_array(name, '/') INTO _parts; SELECT _parts[array_length(_parts, 1)] INTO _filename; RETURN reverse(split_part(reverse(_filename), '.', 1)); END $$;
        CREATE FUNCTION storage.update_updated_at_column() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated_at = now(); RETURN NEW; END $$;
        CREATE TRIGGER update_objects_updated_at BEFORE UPDATE ON storage.objects FOR EACH ROW EXECUTE FUNCTION storage.update_updated_at_column();
        CREATE FUNCTION storage.search(prefix text, bucketname text, limits integer DEFAULT 100, levels integer DEFAULT 1, offsets integer DEFAULT 0)
          RETURNS TABLE (name text, id uuid, updated_at timestamptz, created_at timestamptz, last_accessed_at timestamptz, metadata jsonb) LANGUAGE plpgsql STABLE AS $$
        BEGIN
          RETURN QUERY SELECT o.name, o.id, o.updated_at, o.created_at, o.last_accessed_at, o.metadata FROM storage.objects o
           WHERE o.bucket_id = bucketname AND o.name ILIKE prefix || '%' AND array_length(o.path_tokens, 1) <= levels ORDER BY o.name LIMIT limits OFFSET offsets;
        END $$;
        ALTER TABLE storage.objects ENABLE ROW LEVEL SECURITY;
        ALTER TABLE storage.buckets ENABLE ROW LEVEL SECURITY;
        ALTER TABLE storage.migrations ENABLE ROW LEVEL SECURITY;
        CREATE POLICY "Public read of public buckets" ON storage.objects FOR SELECT TO anon, authenticated USING (bucket_id IN (SELECT id FROM storage.buckets WHERE public));
        CREATE POLICY "Owners manage their objects" ON storage.objects FOR ALL TO authenticated USING (owner = auth.uid()) WITH CHECK (owner = auth.uid());
        CREATE POLICY "Users upload to their folder" ON storage.objects FOR INSERT TO authenticated WITH CHECK ((storage.foldername(name))[1] = auth.uid()::text);
        CREATE POLICY "Bucket owners" ON storage.buckets FOR ALL TO authenticated USING (owner = auth.uid());
        GRANT ALL ON ALL TABLES IN SCHEMA auth TO service_role;
        GRANT SELECT ON auth.users TO authenticated;
        GRANT ALL ON ALL TABLES IN SCHEMA storage TO anon, authenticated, service_role;
        GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA auth TO anon, authenticated, service_role;
        ALTER DEFAULT PRIVILEGES IN SCHEMA storage GRANT ALL ON TABLES TO anon, authenticated, service_role;
        ALTER DEFAULT PRIVILEGES IN SCHEMA storage GRANT ALL ON SEQUENCES TO anon, authenticated, service_role;
        ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ALL ON TABLES TO service_role;
        INSERT INTO auth.users (id, aud, role, email, encrypted_password, email_confirmed_at, raw_app_meta_data, raw_user_meta_data, created_at)
        SELECT md5('user' || g)::uuid, 'authenticated', 'authenticated', 'user' || g || '@example.com', '$2a$10$' || md5(g::text), now(), '{"provider":"email"}', jsonb_build_object('name', 'User ' || g), now()
        FROM generate_series(1, 2000) g;
        INSERT INTO auth.identities (provider_id, user_id, identity_data, provider) SELECT id::text, id, jsonb_build_object('sub', id, 'email', email), 'email' FROM auth.users;
        INSERT INTO auth.sessions (id, user_id, created_at, aal, ip) SELECT md5('session' || g)::uuid, md5('user' || (1 + g % 2000))::uuid, now(), 'aal1', ('10.0.' || (g % 250) || '.' || (g % 200))::inet FROM generate_series(1, 3000) g;
        INSERT INTO auth.refresh_tokens (token, user_id, revoked, session_id) SELECT md5('t' || g), md5('user' || (1 + g % 2000)), false, md5('session' || (1 + g % 3000))::uuid FROM generate_series(1, 5000) g;
        INSERT INTO auth.schema_migrations SELECT '2024' || lpad(g::text, 10, '0') FROM generate_series(1, 60) g;
        INSERT INTO storage.buckets (id, name, public) VALUES ('avatars', 'avatars', true), ('documents', 'documents', false);
        INSERT INTO storage.objects (bucket_id, name, owner, metadata) SELECT CASE WHEN g % 3 = 0 THEN 'avatars' ELSE 'documents' END, md5('user' || (1 + g % 2000)) || '/file' || g || '.png', md5('user' || (1 + g % 2000))::uuid, jsonb_build_object('size', g * 17, 'mimetype', 'image/png') FROM generate_series(1, 4000) g;

        """;

    private const string AppHeader = """
        CREATE SCHEMA app;
        COMMENT ON SCHEMA app IS 'The application: one module per feature, every row owned by a tenant.';
        GRANT USAGE ON SCHEMA app TO authenticated, service_role;
        CREATE TYPE app.task_status AS ENUM ('todo', 'doing', 'blocked', 'done');
        CREATE DOMAIN app.short_text AS text CHECK (length(VALUE) <= 200);
        CREATE FUNCTION app.touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated_at := now(); RETURN NEW; END $$;

        """;

    private static string Module(int i)
    {
        var m = "m" + i.ToString("000", CultureInfo.InvariantCulture);
        return $$"""
            CREATE TABLE app.{{m}}_projects (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, tenant_id uuid NOT NULL REFERENCES auth.users ON DELETE CASCADE,
                name app.short_text NOT NULL, created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(), settings jsonb NOT NULL DEFAULT '{}');
            CREATE TABLE app.{{m}}_tasks (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, project_id bigint NOT NULL REFERENCES app.{{m}}_projects ON DELETE CASCADE,
                tenant_id uuid NOT NULL, title text NOT NULL, status app.task_status NOT NULL DEFAULT 'todo', estimate numeric(6,2) CHECK (estimate >= 0), due date,
                updated_at timestamptz NOT NULL DEFAULT now(), tags text[] NOT NULL DEFAULT '{}');
            CREATE TABLE app.{{m}}_comments (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, task_id bigint NOT NULL REFERENCES app.{{m}}_tasks ON DELETE CASCADE,
                tenant_id uuid NOT NULL, author uuid REFERENCES auth.users ON DELETE SET NULL, body text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
            CREATE INDEX {{m}}_projects_tenant_idx ON app.{{m}}_projects (tenant_id);
            CREATE INDEX {{m}}_tasks_project_idx ON app.{{m}}_tasks (project_id) INCLUDE (status);
            CREATE INDEX {{m}}_tasks_open_idx ON app.{{m}}_tasks (tenant_id, due) WHERE status <> 'done';
            CREATE INDEX {{m}}_comments_task_idx ON app.{{m}}_comments (task_id);
            COMMENT ON TABLE app.{{m}}_projects IS 'Module {{i}}: projects of a tenant.';
            COMMENT ON TABLE app.{{m}}_tasks IS 'Module {{i}}: tasks of a project.';
            COMMENT ON COLUMN app.{{m}}_tasks.estimate IS 'Hours, never negative.';
            ALTER TABLE app.{{m}}_projects ENABLE ROW LEVEL SECURITY;
            ALTER TABLE app.{{m}}_tasks ENABLE ROW LEVEL SECURITY;
            ALTER TABLE app.{{m}}_comments ENABLE ROW LEVEL SECURITY;
            CREATE POLICY tenant_read ON app.{{m}}_projects FOR SELECT TO authenticated USING (tenant_id = auth.uid());
            CREATE POLICY tenant_write ON app.{{m}}_projects FOR ALL TO authenticated USING (tenant_id = auth.uid()) WITH CHECK (tenant_id = auth.uid());
            CREATE POLICY tenant_read ON app.{{m}}_tasks FOR SELECT TO authenticated USING (tenant_id = auth.uid());
            CREATE POLICY tenant_write ON app.{{m}}_tasks FOR ALL TO authenticated USING (tenant_id = auth.uid()) WITH CHECK (tenant_id = auth.uid());
            CREATE POLICY tenant_read ON app.{{m}}_comments FOR SELECT TO authenticated USING (tenant_id = auth.uid());
            CREATE POLICY author_write ON app.{{m}}_comments FOR INSERT TO authenticated WITH CHECK (author = auth.uid());
            CREATE TRIGGER touch BEFORE UPDATE ON app.{{m}}_projects FOR EACH ROW EXECUTE FUNCTION app.touch_updated_at();
            CREATE TRIGGER touch BEFORE UPDATE ON app.{{m}}_tasks FOR EACH ROW EXECUTE FUNCTION app.touch_updated_at();
            CREATE VIEW app.{{m}}_open_tasks WITH (security_invoker = true) AS
              SELECT t.id, t.title, t.status, t.due, p.name AS project FROM app.{{m}}_tasks t JOIN app.{{m}}_projects p ON p.id = t.project_id WHERE t.status <> 'done';
            CREATE FUNCTION app.{{m}}_task_count(p_project bigint) RETURNS bigint LANGUAGE sql STABLE AS $$ SELECT count(*) FROM app.{{m}}_tasks WHERE project_id = p_project $$;
            CREATE FUNCTION app.{{m}}_close_task(p_task bigint) RETURNS void LANGUAGE plpgsql AS $$
            BEGIN
              UPDATE app.{{m}}_tasks SET status = 'done' WHERE id = p_task;
              IF NOT FOUND THEN RAISE EXCEPTION 'task % not found', p_task; END IF;
            END $$;
            GRANT SELECT, INSERT, UPDATE, DELETE ON app.{{m}}_projects, app.{{m}}_tasks, app.{{m}}_comments TO authenticated;
            GRANT SELECT ON app.{{m}}_open_tasks TO authenticated;
            GRANT EXECUTE ON FUNCTION app.{{m}}_task_count(bigint), app.{{m}}_close_task(bigint) TO authenticated;
            INSERT INTO app.{{m}}_projects (tenant_id, name) SELECT md5('user' || (1 + g % 2000))::uuid, 'Project ' || g FROM generate_series(1, 20) g;
            INSERT INTO app.{{m}}_tasks (project_id, tenant_id, title, status, estimate, due, tags)
              SELECT p.id, p.tenant_id, 'Task ' || g, (ARRAY['todo','doing','blocked','done']::app.task_status[])[1 + g % 4], g % 17, date '2026-01-01' + g, ARRAY['t' || g % 5]
              FROM app.{{m}}_projects p, generate_series(1, 5) g;
            INSERT INTO app.{{m}}_comments (task_id, tenant_id, author, body) SELECT t.id, t.tenant_id, t.tenant_id, 'Comment on ' || t.title FROM app.{{m}}_tasks t;

            """;
    }
}
