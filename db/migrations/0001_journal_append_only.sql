-- The journal is append-only: corrections are new entries, never edits (NF525 inalterability).
CREATE TRIGGER `journal_no_update` BEFORE UPDATE ON `journal`
BEGIN
  SELECT RAISE(ABORT, 'journal is append-only: UPDATE rejected');
END;
--> statement-breakpoint
CREATE TRIGGER `journal_no_delete` BEFORE DELETE ON `journal`
BEGIN
  SELECT RAISE(ABORT, 'journal is append-only: DELETE rejected');
END;
--> statement-breakpoint
-- Closed Z reports and period closings are as immutable as the journal.
CREATE TRIGGER `z_reports_no_update` BEFORE UPDATE ON `z_reports`
BEGIN
  SELECT RAISE(ABORT, 'z_reports are immutable');
END;
--> statement-breakpoint
CREATE TRIGGER `z_reports_no_delete` BEFORE DELETE ON `z_reports`
BEGIN
  SELECT RAISE(ABORT, 'z_reports are immutable');
END;
--> statement-breakpoint
CREATE TRIGGER `period_closings_no_update` BEFORE UPDATE ON `period_closings`
BEGIN
  SELECT RAISE(ABORT, 'period_closings are immutable');
END;
--> statement-breakpoint
CREATE TRIGGER `period_closings_no_delete` BEFORE DELETE ON `period_closings`
BEGIN
  SELECT RAISE(ABORT, 'period_closings are immutable');
END;
