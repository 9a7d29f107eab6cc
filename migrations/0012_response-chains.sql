-- A stored response keeps only what it adds to the conversation (its input and its output), linked to the response
-- it continues; the whole conversation is read along the links. Rows stored before this hold their whole
-- conversation and no link, and read the same.
ALTER TABLE `stored_responses` ADD `previous_id` text;
