-- The public model that answered when a substitute stood in for the one asked for (the UI labels such answers).
ALTER TABLE `messages` ADD `served_as` text;
