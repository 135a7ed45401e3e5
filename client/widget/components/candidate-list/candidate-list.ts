import { ImCandidateList } from './candidate-list.component.js';

customElements.define('im-candidate-list', ImCandidateList);
