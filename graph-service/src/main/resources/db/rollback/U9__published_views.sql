-- Undoes V9: the published views go (readers fall back to nothing: roll their services back first).
DROP VIEW IF EXISTS follow_edges;
DROP VIEW IF EXISTS user_summaries;
