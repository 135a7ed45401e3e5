/** Defines every widget element (side effects only; import once from the entry module). */
import './problem-notice/problem-notice.js';
import './setup-help/setup-help.js';
import './candidate-list/candidate-list.js';
import './candidate-search/candidate-search.js';
import './timeline/timeline.js';
import './merge-preview/merge-preview.js';
import './confirm-dialog/confirm-dialog.js';
import './merge-progress/merge-progress.js';
import './merge-panel/merge-panel.js';
import './widget/widget.js';
