-- Full-text search over a visitor's messages and conversation titles (FTS5, external content).
-- Hand-written: drizzle-kit cannot model virtual tables.
CREATE VIRTUAL TABLE `messages_fts` USING fts5(`content`, content='messages', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2');
--> statement-breakpoint
CREATE TRIGGER `messages_fts_insert` AFTER INSERT ON `messages` BEGIN
  INSERT INTO `messages_fts`(rowid, `content`) VALUES (new.rowid, new.`content`);
END;
--> statement-breakpoint
CREATE TRIGGER `messages_fts_delete` AFTER DELETE ON `messages` BEGIN
  INSERT INTO `messages_fts`(`messages_fts`, rowid, `content`) VALUES ('delete', old.rowid, old.`content`);
END;
--> statement-breakpoint
CREATE TRIGGER `messages_fts_update` AFTER UPDATE OF `content` ON `messages` BEGIN
  INSERT INTO `messages_fts`(`messages_fts`, rowid, `content`) VALUES ('delete', old.rowid, old.`content`);
  INSERT INTO `messages_fts`(rowid, `content`) VALUES (new.rowid, new.`content`);
END;
--> statement-breakpoint
CREATE VIRTUAL TABLE `conversations_fts` USING fts5(`title`, content='conversations', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2');
--> statement-breakpoint
CREATE TRIGGER `conversations_fts_insert` AFTER INSERT ON `conversations` BEGIN
  INSERT INTO `conversations_fts`(rowid, `title`) VALUES (new.rowid, new.`title`);
END;
--> statement-breakpoint
CREATE TRIGGER `conversations_fts_delete` AFTER DELETE ON `conversations` BEGIN
  INSERT INTO `conversations_fts`(`conversations_fts`, rowid, `title`) VALUES ('delete', old.rowid, old.`title`);
END;
--> statement-breakpoint
CREATE TRIGGER `conversations_fts_update` AFTER UPDATE OF `title` ON `conversations` BEGIN
  INSERT INTO `conversations_fts`(`conversations_fts`, rowid, `title`) VALUES ('delete', old.rowid, old.`title`);
  INSERT INTO `conversations_fts`(rowid, `title`) VALUES (new.rowid, new.`title`);
END;
