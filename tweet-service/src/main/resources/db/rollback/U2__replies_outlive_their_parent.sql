-- Undoes V2: replies reference their parent again. NOT VALID: replies whose parent was purged
-- since V2 stay (the old rule would have refused them); new rows are checked.
ALTER TABLE tweets ADD CONSTRAINT tweets_reply_to_fkey FOREIGN KEY (reply_to) REFERENCES tweets (id) NOT VALID;
