-- Undoes V7. The per-username sign-in counts go: the limit starts again from zero.
DROP TABLE sign_in_attempts;
