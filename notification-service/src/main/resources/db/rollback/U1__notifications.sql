-- Undoes V1: every notification goes. Only for an installation that has nothing to keep.
DROP TABLE notifications;
