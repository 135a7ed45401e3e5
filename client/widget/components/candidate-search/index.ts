export { ImCandidateSearch, MIN_QUERY_LENGTH } from './candidate-search.component.js';
