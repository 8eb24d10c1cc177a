-- Scopes no longer imply one another: `content:write` alone now reads only what the public
-- reads. Keys made before this change were promised drafts with `content:write`, so they keep
-- them explicitly.
UPDATE api_keys
   SET scopes = array_append(scopes, 'content:read-drafts')
 WHERE 'content:write' = ANY (scopes)
   AND NOT 'content:read-drafts' = ANY (scopes);
