-- The object digest query of pgsnap at commit 3940c3a (fourth round), kept byte for byte: archives made by
-- that release carry digests of these texts, so every later query must give the same texts (ObjectDigestStabilityTests).
SELECT u.c, u.o, i.type || ' ' || i.identity,
  CASE u.c
    WHEN 'pg_catalog.pg_class'::pg_catalog.regclass THEN (
      SELECT c.relkind::text || c.relpersistence::text || COALESCE(pg_catalog.array_to_string(c.reloptions, ','), '')
        || '|' || CASE WHEN c.relkind IN ('v', 'm') THEN COALESCE(pg_catalog.pg_get_viewdef(c.oid), '') ELSE '' END
        || '|' || CASE WHEN c.relkind IN ('i', 'I') THEN COALESCE(pg_catalog.pg_get_indexdef(c.oid), '') ELSE '' END
        || '|' || COALESCE(pg_catalog.pg_get_partkeydef(c.oid), '') || '|' || COALESCE(pg_catalog.pg_get_expr(c.relpartbound, c.oid), '')
        || '|' || c.relrowsecurity::text || c.relforcerowsecurity::text || c.relreplident::text
        || '|' || COALESCE((SELECT pg_catalog.string_agg(a.attname || ' ' || pg_catalog.format_type(a.atttypid, a.atttypmod)
              || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END || a.attidentity::text || a.attgenerated::text
              || COALESCE(' ' || co.collname, ''), ',' ORDER BY a.attnum)
            FROM pg_catalog.pg_attribute a LEFT JOIN pg_catalog.pg_collation co ON co.oid = a.attcollation
            WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped), '')
        || '|' || COALESCE((SELECT pg_catalog.string_agg(p.inhparent::pg_catalog.regclass::text, ',' ORDER BY p.inhseqno)
            FROM pg_catalog.pg_inherits p WHERE p.inhrelid = c.oid), '')
      FROM pg_catalog.pg_class c WHERE c.oid = u.o)
    WHEN 'pg_catalog.pg_constraint'::pg_catalog.regclass THEN pg_catalog.pg_get_constraintdef(u.o)
    WHEN 'pg_catalog.pg_trigger'::pg_catalog.regclass THEN (
      SELECT pg_catalog.pg_get_triggerdef(t.oid) || ' ' || t.tgenabled::text FROM pg_catalog.pg_trigger t WHERE t.oid = u.o)
    WHEN 'pg_catalog.pg_rewrite'::pg_catalog.regclass THEN (
      SELECT pg_catalog.pg_get_ruledef(r.oid) || ' ' || r.ev_enabled::text FROM pg_catalog.pg_rewrite r WHERE r.oid = u.o)
    WHEN 'pg_catalog.pg_policy'::pg_catalog.regclass THEN (
      SELECT p.polcmd::text || p.polpermissive::text || '|' || COALESCE(pg_catalog.pg_get_expr(p.polqual, p.polrelid), '')
        || '|' || COALESCE(pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid), '')
        || '|' || (SELECT pg_catalog.string_agg(CASE WHEN r = 0 THEN 'public' ELSE pg_catalog.pg_get_userbyid(r)::text END, ',' ORDER BY 1)
                   FROM pg_catalog.unnest(p.polroles) r)
      FROM pg_catalog.pg_policy p WHERE p.oid = u.o)
    WHEN 'pg_catalog.pg_attrdef'::pg_catalog.regclass THEN (
      SELECT pg_catalog.pg_get_expr(d.adbin, d.adrelid) FROM pg_catalog.pg_attrdef d WHERE d.oid = u.o)
    WHEN 'pg_catalog.pg_proc'::pg_catalog.regclass THEN (
      SELECT COALESCE(pg_catalog.pg_get_function_result(p.oid), '') || '|' || p.prosrc || '|' || COALESCE(p.probin, '')
        || p.prokind::text || p.provolatile::text || p.proisstrict::text || p.prosecdef::text || p.proleakproof::text
        || p.proparallel::text || p.procost::text || p.prorows::text || '|' || COALESCE(pg_catalog.array_to_string(p.proconfig, ','), '')
        || '|' || l.lanname
      FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_language l ON l.oid = p.prolang WHERE p.oid = u.o)
    WHEN 'pg_catalog.pg_type'::pg_catalog.regclass THEN (
      SELECT t.typtype::text || '|' || CASE WHEN t.typbasetype <> 0 THEN pg_catalog.format_type(t.typbasetype, t.typtypmod) ELSE '' END
        || t.typnotnull::text || '|' || COALESCE(t.typdefault, '')
        || '|' || COALESCE((SELECT pg_catalog.string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid), '')
      FROM pg_catalog.pg_type t WHERE t.oid = u.o)
    ELSE ''
  END,
  CASE u.c
    WHEN 'pg_catalog.pg_class'::pg_catalog.regclass THEN (
      SELECT COALESCE(pg_catalog.array_to_string(ARRAY(SELECT x::text FROM pg_catalog.unnest(c.relacl) x ORDER BY 1), ','), '')
        || COALESCE('|' || (SELECT pg_catalog.string_agg(a.attname || '=' || pg_catalog.array_to_string(ARRAY(SELECT x::text FROM pg_catalog.unnest(a.attacl) x ORDER BY 1), ','), ';' ORDER BY a.attname)
          FROM pg_catalog.pg_attribute a WHERE a.attrelid = c.oid AND a.attacl IS NOT NULL AND NOT a.attisdropped), '')
      FROM pg_catalog.pg_class c WHERE c.oid = u.o)
    WHEN 'pg_catalog.pg_proc'::pg_catalog.regclass THEN (SELECT p.proacl::text[] FROM pg_catalog.pg_proc p WHERE p.oid = u.o)::text
    WHEN 'pg_catalog.pg_type'::pg_catalog.regclass THEN (SELECT t.typacl::text[] FROM pg_catalog.pg_type t WHERE t.oid = u.o)::text
    WHEN 'pg_catalog.pg_namespace'::pg_catalog.regclass THEN (SELECT n.nspacl::text[] FROM pg_catalog.pg_namespace n WHERE n.oid = u.o)::text
    WHEN 'pg_catalog.pg_language'::pg_catalog.regclass THEN (SELECT l.lanacl::text[] FROM pg_catalog.pg_language l WHERE l.oid = u.o)::text
    WHEN 'pg_catalog.pg_foreign_data_wrapper'::pg_catalog.regclass THEN (SELECT w.fdwacl::text[] FROM pg_catalog.pg_foreign_data_wrapper w WHERE w.oid = u.o)::text
    WHEN 'pg_catalog.pg_foreign_server'::pg_catalog.regclass THEN (SELECT s.srvacl::text[] FROM pg_catalog.pg_foreign_server s WHERE s.oid = u.o)::text
    ELSE NULL
  END,
  (SELECT pg_catalog.string_agg(COALESCE(a.attname::text, '') || ':' || d.description, '|' ORDER BY a.attname NULLS FIRST)
   FROM pg_catalog.pg_description d
   LEFT JOIN pg_catalog.pg_attribute a ON d.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass AND a.attrelid = d.objoid AND a.attnum = d.objsubid
   WHERE d.classoid = u.c AND d.objoid = u.o)
FROM ROWS FROM (pg_catalog.unnest(@c), pg_catalog.unnest(@o)) AS u(c, o),
     LATERAL pg_catalog.pg_identify_object(u.c, u.o, 0) i
