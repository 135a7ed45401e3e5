export { ImCandidateList, CANDIDATES_VISIBLE_MARK } from './candidate-list.component.js';
