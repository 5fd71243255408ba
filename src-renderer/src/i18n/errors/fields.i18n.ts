/**
 * What is wrong with one form field, by FieldIssue kind (src-preload/contract/result.ts), keyed
 * `field.<kind>`. Shown by components/FieldError.vue under the field, followed by the field's own
 * example of a valid value; a form may word a kind differently for one field.
 */
export default {
  en: {
    'field.required': 'This is required.',
    'field.tooShort': 'This is too short: it needs at least {minimum} characters.',
    'field.tooLong': 'This is too long: at most {maximum} characters.',
    'field.tooSmall': 'This is too small: the lowest allowed is {minimum}.',
    'field.tooBig': 'This is too large: the highest allowed is {maximum}.',
    'field.tooFew': 'Add at least {minimum}.',
    'field.tooMany': 'At most {maximum} are allowed.',
    'field.url': 'This is not a web address the app can use: it must start with http:// or https://.',
    'field.format': 'This contains characters that are not allowed here.',
    'field.integer': 'Enter a whole number.',
    'field.option': 'Choose one of the options.',
    'field.unknownKey': 'This value is not accepted.',
    'field.invalid': 'This value is not valid.',
  },
  'zh-CN': {
    'field.required': '此项为必填。',
    'field.tooShort': '内容太短：至少需要 {minimum} 个字符。',
    'field.tooLong': '内容太长：最多 {maximum} 个字符。',
    'field.tooSmall': '数值太小：最小为 {minimum}。',
    'field.tooBig': '数值太大：最大为 {maximum}。',
    'field.tooFew': '至少需要 {minimum} 项。',
    'field.tooMany': '最多允许 {maximum} 项。',
    'field.url': '这不是应用可以使用的网址：必须以 http:// 或 https:// 开头。',
    'field.format': '包含此处不允许的字符。',
    'field.integer': '请输入整数。',
    'field.option': '请从选项中选择。',
    'field.unknownKey': '不接受此值。',
    'field.invalid': '此值无效。',
  },
} as const;
