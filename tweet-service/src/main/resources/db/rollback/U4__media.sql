-- Undoes V4. The media catalogue goes (the files stay in the media directory): quotas, the
-- unattached cleanup and hiding a deleted tweet's images stop until V4 is applied again.
DROP TABLE media;
