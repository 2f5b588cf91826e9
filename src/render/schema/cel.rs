//! The CEL rules of CRD schemas (`x-kubernetes-validations`), evaluated as the API server does on
//! create: after defaulting, each rule with `self` bound to the value at the schema node that
//! declares it, every rule of every node the object reaches. Transition rules (they read `oldSelf`)
//! only run on update and are skipped. The interpreter is the `cel` crate with the standard library,
//! the strings extension Kubernetes enables and `duration()` (`duration.rs`; docs/decisions.md).
//!
//! The work is bounded without a fuel counter: the rules are compiled in (the topology cannot
//! add any), they run only on objects that passed schema validation, and a rule that nests
//! comprehensions (quadratic in its list) is accepted by the generator only on a list or map whose
//! schema bounds its length (`skeleton.rs`), as the API server's cost estimate demands.

use std::sync::{Arc, OnceLock};

use cel::{Context, Env, Program};
use serde_json::Value;

use super::structural::{Bound, Node};

/// One rule, compiled.
pub(crate) struct Rule {
    text: String,
    message: Option<String>,
    message_expression: Option<Result<Program, String>>,
    field_path: Option<String>,
    program: Result<Program, String>,
    /// Reads `oldSelf`: runs on update only.
    transition: bool,
}

/// A rule the object breaks, or that fedc could not evaluate on it (fedc fails closed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Violation {
    /// JSON pointer of the value the rule was evaluated on, with the rule's `fieldPath` if any.
    pub(crate) path: String,
    pub(crate) rule: String,
    pub(crate) message: String,
}

/// The environment every rule is compiled and evaluated in, built once.
fn env() -> &'static Arc<Env> {
    static ENV: OnceLock<Arc<Env>> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut env = Env::stdlib();
        // Kubernetes enables cel-go's strings extension (`split`, `substring`, `lowerAscii`…).
        let _ = env.add_extension(cel::extensions::strings);
        super::duration::register(&mut env);
        Arc::new(env)
    })
}

fn compile(text: &str) -> Result<Program, String> {
    env().compile(text).map_err(|e| e.to_string())
}

impl Rule {
    /// A rule as the skeleton keeps it: `rule`, `message`, `messageExpression`, `fieldPath`.
    pub(crate) fn compile(spec: &Value) -> Rule {
        let text = |key: &str| spec.get(key).and_then(Value::as_str).map(str::to_string);
        let rule = text("rule").unwrap_or_default();
        let program = compile(&rule);
        let transition = program.as_ref().is_ok_and(|p| p.references().has_variable("oldSelf"));
        Rule {
            message: text("message"),
            message_expression: text("messageExpression").map(|e| compile(&e)),
            field_path: text("fieldPath"),
            program,
            transition,
            text: rule,
        }
    }

    #[cfg(test)]
    pub(crate) fn failure_to_compile(&self) -> Option<&str> {
        self.program.as_ref().err().map(String::as_str)
    }

    #[cfg(test)]
    pub(crate) fn program(&self) -> Option<&Program> {
        self.program.as_ref().ok()
    }

    /// The message the API server would give: `messageExpression` when it evaluates to a
    /// non-empty string, else `message`, else the rule itself.
    fn message(&self, context: &Context) -> String {
        let expressed = match &self.message_expression {
            Some(Ok(program)) => match program.execute(context) {
                Ok(cel::Value::String(s)) if !s.trim().is_empty() => Some(s.to_string()),
                _ => None,
            },
            _ => None,
        };
        expressed.or_else(|| self.message.clone()).unwrap_or_else(|| format!("failed rule: {}", self.text))
    }
}

/// Whether the environment declares function `name` (a global or member function; operators,
/// which the parser only produces for what it parsed, count as declared): probed by calling it
/// without arguments, which fails with another error than "undeclared" when it exists.
#[cfg(test)]
pub(crate) fn declares(name: &str) -> bool {
    let identifier = name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.');
    if !identifier || name.starts_with('_') {
        return true;
    }
    let context = Context::with_env(Arc::clone(env()));
    [format!("{name}()"), format!("''.{name}()")].iter().any(|probe| match compile(probe) {
        Ok(program) => {
            !matches!(program.execute(&context), Err(::cel::ExecutionError::UndeclaredReference(n)) if *n == name)
        }
        Err(_) => false,
    })
}

/// Evaluates every rule of `root` that `object` reaches; the first broken one, in document order.
pub(crate) fn check(root: &Node, object: &Value) -> Result<(), Violation> {
    let mut pointer = String::new();
    walk(root, object, &mut pointer)
}

fn walk(node: &Node, value: &Value, pointer: &mut String) -> Result<(), Violation> {
    if !node.rules.is_empty() {
        evaluate(node, value, pointer)?;
    }
    let mut descend = |key: &str, child: Option<&Node>, value: &Value| {
        let Some(child) = child else { return Ok(()) };
        let length = pointer.len();
        pointer.push('/');
        pointer.push_str(&super::pointer_segment(key));
        let result = walk(child, value, pointer);
        pointer.truncate(length);
        result
    };
    match value {
        Value::Object(fields) => fields.iter().try_for_each(|(key, field)| descend(key, node.field(key), field)),
        Value::Array(items) => {
            items.iter().enumerate().try_for_each(|(index, item)| descend(&index.to_string(), node.item(), item))
        }
        _ => Ok(()),
    }
}

fn evaluate(node: &Node, value: &Value, pointer: &str) -> Result<(), Violation> {
    let violation = |rule: &Rule, message: String| {
        let path = match &rule.field_path {
            Some(field) => format!("{pointer} (field {field})"),
            None => pointer.to_string(),
        };
        Violation { path, rule: rule.text.clone(), message }
    };
    let mut rules = node.rules.iter().filter(|rule| !rule.transition).peekable();
    let Some(first) = rules.peek() else { return Ok(()) };
    let mut context = Context::with_env(Arc::clone(env()));
    match cel::to_value(Bound { value, node: Some(node) }) {
        Ok(bound) => context.add_variable_from_value("self", bound),
        Err(e) => return Err(violation(first, format!("fedc cannot bind `self` for this rule: {e}"))),
    }
    for rule in rules {
        let program = match &rule.program {
            Ok(program) => program,
            Err(e) => return Err(violation(rule, format!("fedc cannot compile this rule: {e}"))),
        };
        match program.execute(&context) {
            Ok(cel::Value::Bool(true)) => {}
            Ok(cel::Value::Bool(false)) => return Err(violation(rule, rule.message(&context))),
            Ok(other) => return Err(violation(rule, format!("the rule evaluates to {other:?}, not a boolean"))),
            Err(e) => return Err(violation(rule, format!("the rule fails to evaluate on this object: {e}"))),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn node(skeleton: Value) -> Node {
        Node::parse(&skeleton)
    }

    #[test]
    fn rules_see_self_escaped_and_report_the_first_broken_rule() {
        let root = node(json!({
            "rules": [
                {"rule": "self.x == oldSelf.x", "message": "immutable"},
                {"rule": "!has(self.spec) || self.spec.__namespace__ == 'istio-system'", "message": "namespace"},
            ],
            "properties": {
                "spec": {"escape": ["namespace"]},
                "list": {"items": {"rules": [{"rule": "self > 1", "messageExpression": "'got ' + string(self)"}]}},
            }
        }));
        assert_eq!(check(&root, &json!({"spec": {"namespace": "istio-system"}, "list": [2, 3]})), Ok(()));
        let broken = check(&root, &json!({"spec": {"namespace": "x"}})).expect_err("namespace rule");
        assert_eq!((broken.path.as_str(), broken.message.as_str()), ("", "namespace"));
        let item = check(&root, &json!({"list": [2, 0]})).expect_err("item rule");
        assert_eq!(
            item,
            Violation { path: "/list/1".into(), rule: "self > 1".into(), message: "got 0".into() },
            "messageExpression evaluated, the item's pointer"
        );
    }

    #[test]
    fn an_evaluation_error_is_a_violation_as_on_the_api_server() {
        let root = node(json!({"rules": [{"rule": "self.missing == 1", "fieldPath": ".missing"}]}));
        let error = check(&root, &json!({"other": 1})).expect_err("no such key");
        assert_eq!(error.path, " (field .missing)");
        assert!(error.message.starts_with("the rule fails to evaluate on this object"), "{}", error.message);
        let no_message = node(json!({"rules": [{"rule": "self.size() < 2"}]}));
        assert_eq!(check(&no_message, &json!([1, 2])).expect_err("too long").message, "failed rule: self.size() < 2");
    }

    #[test]
    fn the_probe_tells_declared_functions_from_missing_ones() {
        for declared in ["substring", "split", "matches", "size", "duration", "startsWith", "_==_", "@in"] {
            assert!(declares(declared), "{declared}");
        }
        for missing in ["isURL", "quantity", "cidr", "isSorted"] {
            assert!(!declares(missing), "{missing}: a Kubernetes library function the interpreter lacks");
        }
    }

    #[test]
    fn kubernetes_strings_functions_and_durations_are_available() {
        let root = node(json!({"rules": [
            {"rule": "self.split('/')[0].substring(1) == 'bc'"},
            {"rule": "duration('1h') > duration('30m')"},
            {"rule": "self.matches('^[a-z/]+$') && self.startsWith('a') && self.endsWith('d')"},
        ]}));
        assert_eq!(check(&root, &json!("abc/d")), Ok(()));
    }
}
