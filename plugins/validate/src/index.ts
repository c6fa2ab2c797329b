export {builtinRules} from './rules/index.js'
