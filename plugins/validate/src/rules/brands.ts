import type {Diagnostic, RegistrySnapshot, ValidationRule} from 'zmgr'
import {entryOrNode, problemAt} from 'zmgr'

/** Whatever each brand's own plugin finds wrong in the templates of that brand. */
export const brandsRule: ValidationRule = {
  id: 'brands',
  summary: "Templates satisfy their brand's own checks (validateTemplate).",
  check(snapshot: RegistrySnapshot): Diagnostic[] {
    return snapshot.templates.flatMap((template) => {
      const brand = snapshot.brands.get(template.brand)
      if (!brand?.validateTemplate) return []
      const brandNode = template.nodes.get('brand')
      return brand.validateTemplate(template).map((problem) => {
        const diagnostic = problemAt(template, problem.node ?? (brandNode && entryOrNode(brandNode, 0)), {
          code: problem.code,
          message: problem.message,
          help: problem.help,
          severity: problem.severity,
        })
        return problem.location ? {...diagnostic, location: problem.location} : diagnostic
      })
    })
  },
}
