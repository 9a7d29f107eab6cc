-- Images attached to a message live in R2 (the UPLOADS bucket) under this key; their row keeps `content` empty.
ALTER TABLE `attachments` ADD `r2_key` text;
