//! temp
fn main() {
    let plan = trackplan_plan_synth::synthetic_plan(3000, 42);
    let plan = trackplan_plan_model::load_from_str("s.json", plan.to_string()).unwrap();
    for _ in 0..3 {
        let t = std::time::Instant::now();
        let mut n = 0;
        for e in &plan.events {
            let s = trackplan_plan_model::json_schema::event_schema(&plan, e, trackplan_plan_model::json_schema::Draft::Draft2020_12);
            n += serde_json::to_string_pretty(&s).unwrap().len();
        }
        println!("schemas {:?} {}", t.elapsed(), n);
        let t = std::time::Instant::now();
        let site = trackplan_docs_site::render(&plan, &Default::default()).unwrap();
        println!("render {:?} {}", t.elapsed(), site.len());
    }
}
