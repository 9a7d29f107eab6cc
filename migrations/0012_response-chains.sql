-- A stored response keeps only what it adds to the conversation (`conversation` holds its input as {"input": [...]},
-- its output is in `response`), linked to the response it continues; the whole conversation is read along the
-- links. Rows stored before this hold their whole conversation as one array and no link, and read the same.
ALTER TABLE `stored_responses` ADD `previous_id` text;
