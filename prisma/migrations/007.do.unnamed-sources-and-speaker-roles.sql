-- Issue 11: a speaker may be an organisation ("the agency said"); a quote may come from an
-- unnamed source (no speaker, a description such as "a spokesperson for the airline" and
-- the organisation when one is named); and each quote keeps the role and organisation its
-- speaker had when it was said, since roles change (a speaker's history is read from these).
CREATE TYPE "SpeakerKind" AS ENUM ('person', 'organization');
ALTER TABLE speakers ADD COLUMN kind "SpeakerKind" NOT NULL DEFAULT 'person';

ALTER TABLE quotes ALTER COLUMN speaker_id DROP NOT NULL;
ALTER TABLE quotes
  ADD COLUMN speaker_role         text,
  ADD COLUMN speaker_organization text,
  ADD COLUMN speaker_description  text;

-- Quotes stored before this migration were said in the role their speaker has now.
UPDATE quotes q SET speaker_role = s.role, speaker_organization = s.organization
  FROM speakers s WHERE s.id = q.speaker_id AND (s.role IS NOT NULL OR s.organization IS NOT NULL);
