import { ImCandidateSearch } from './candidate-search.component.js';

customElements.define('im-candidate-search', ImCandidateSearch);
