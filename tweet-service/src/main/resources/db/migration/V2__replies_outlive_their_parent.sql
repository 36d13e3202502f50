-- A reply keeps pointing at its parent after the parent is deleted: clients show "replying to a
-- deleted tweet", and the retention job must be able to hard-delete a parent that has replies
-- (the foreign key would refuse it, or with ON DELETE SET NULL would quietly turn every reply
-- into a top-level tweet). tweet-service checks the parent exists and is not deleted when a reply
-- is posted, under a lock on the parent row, which is what the key guaranteed.
ALTER TABLE tweets DROP CONSTRAINT tweets_reply_to_fkey;
