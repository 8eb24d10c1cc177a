-- Related stories and trending speakers count, for each story, which speakers it quotes:
-- with the speaker in the index that is an index-only scan instead of a visit to every quote row.
CREATE INDEX quotes_article_speaker_idx ON quotes (article_id, speaker_id);
