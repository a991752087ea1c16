-- Print jobs reference what they print (shared/ledger/print-jobs.ts, version 1) instead of
-- carrying a copy of the whole document: rewrite the jobs written before, so every job parses
-- with its kind's schema and is laid out from the ledger like a new one.
-- The DUPLICATA copies of a sale were counted from its jobs; done jobs are now pruned, so the
-- count moves to a counter first.
INSERT INTO `counters` (`name`, `value`)
SELECT 'receipt_copies:' || `ref_id`, count(*) FROM `print_jobs`
WHERE `kind` = 'sale_receipt' AND json_extract(`payload`, '$.duplicate') IS NOT NULL
GROUP BY `ref_id`;
--> statement-breakpoint
UPDATE `print_jobs` SET `payload` = CASE
  WHEN json_extract(`payload`, '$.duplicate') IS NULL
    THEN json_object('saleId', `ref_id`, 'changeDue', coalesce(json_extract(`payload`, '$.changeDue'), 0))
  ELSE json_object('saleId', `ref_id`, 'changeDue', coalesce(json_extract(`payload`, '$.changeDue'), 0),
    'duplicate', json(json_extract(`payload`, '$.duplicate')))
  END
WHERE `kind` = 'sale_receipt' AND json_extract(`payload`, '$.sale') IS NOT NULL;
--> statement-breakpoint
-- a sale may have several refunds (returns of lines): the one made by the job's own command
UPDATE `print_jobs` SET `payload` = json_object('saleId', `ref_id`,
  'refundId', (SELECT `id` FROM `refunds` WHERE `refunds`.`sale_id` = `print_jobs`.`ref_id`
    ORDER BY `refunds`.`created_at` = `print_jobs`.`created_at` DESC, `refunds`.`created_at` LIMIT 1))
WHERE `kind` = 'refund_receipt' AND json_extract(`payload`, '$.sale') IS NOT NULL
  AND EXISTS (SELECT 1 FROM `refunds` WHERE `refunds`.`sale_id` = `print_jobs`.`ref_id`);
--> statement-breakpoint
UPDATE `print_jobs` SET `payload` = json_object('saleId', `ref_id`)
WHERE `kind` = 'cancel_slip' AND json_extract(`payload`, '$.sale') IS NOT NULL;
--> statement-breakpoint
UPDATE `print_jobs` SET `payload` = json_object('orderId', json_extract(`payload`, '$.order.id'), 'paymentId', `ref_id`)
WHERE `kind` = 'payment_slip' AND json_extract(`payload`, '$.order') IS NOT NULL;
--> statement-breakpoint
UPDATE `print_jobs` SET `payload` = json_object('movementId', `ref_id`)
WHERE `kind` = 'drawer_slip' AND json_extract(`payload`, '$.movement') IS NOT NULL;
--> statement-breakpoint
UPDATE `print_jobs` SET `payload` = CASE json_extract(`payload`, '$.reason')
  WHEN 'open' THEN json_object('reason', 'open', 'sessionId', `ref_id`)
  ELSE json_object('reason', 'no_sale', 'movementId', `ref_id`)
  END
WHERE `kind` = 'drawer_kick' AND json_extract(`payload`, '$.sessionId') IS NULL
  AND json_extract(`payload`, '$.movementId') IS NULL;
--> statement-breakpoint
UPDATE `print_jobs` SET `payload` = json_object('zNumber', CAST(`ref_id` AS INTEGER))
WHERE `kind` = 'z_report' AND json_extract(`payload`, '$.report') IS NOT NULL;
--> statement-breakpoint
UPDATE `print_jobs` SET `payload` = json_object('closingId', `ref_id`)
WHERE `kind` = 'period_closing' AND json_extract(`payload`, '$.closing') IS NOT NULL;
--> statement-breakpoint
UPDATE `print_jobs` SET `payload` = '{}' WHERE `kind` = 'test_page';
